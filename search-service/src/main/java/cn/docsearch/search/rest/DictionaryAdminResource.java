package cn.docsearch.search.rest;

import java.io.IOException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import cn.docsearch.search.admin.DictionaryAdministration;
import cn.docsearch.search.dictionary.InvalidDictionaryException;

/** The dictionary managed at run time: extension words, stopwords, synonyms. */
@Path("/admin/dictionary")
@Produces(MediaType.APPLICATION_JSON)
public class DictionaryAdminResource {
    private final DictionaryAdministration administration;

    public DictionaryAdminResource(DictionaryAdministration administration) {
        this.administration = administration;
    }

    @GET
    public DictionaryAdministration.Status get() throws IOException {
        return administration.status();
    }

    /** Synonyms apply to searches at once; words and stopwords once an index is built with them ({@code rebuild=true}). */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public DictionaryAdministration.Status update(DictionaryUpdate update, @QueryParam("rebuild") boolean rebuild)
            throws IOException {
        if (update == null) {
            throw new InvalidDictionaryException("A JSON body is required: {\"extensionWords\": [...], \"stopwords\": [...], \"synonyms\": [...]}");
        }
        return administration.update(update.version(), update.extensionWords(), update.stopwords(), update.synonyms(), rebuild);
    }
}
