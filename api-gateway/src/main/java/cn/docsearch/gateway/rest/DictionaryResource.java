package cn.docsearch.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import cn.docsearch.gateway.api.DictionaryAdministration;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.client.SearchService;
import io.smallrye.mutiny.Uni;

/** The dictionary managed at run time: extension words, stopwords and synonyms, versioned in Kafka. */
@Path("/api/v1/admin/dictionary")
@RequiredRole(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration", description = "The search index: its state and rebuilding it from Kafka")
public class DictionaryResource {
    private final SearchService search;

    public DictionaryResource(SearchService search) {
        this.search = search;
    }

    @GET
    @Operation(operationId = "getDictionary", summary = "The dictionary: extension words, stopwords, synonyms",
            description = "Its current version, whether searches use its synonyms, and whether the live index (and one "
                    + "being rebuilt) was built with its words and stopwords.")
    @APIResponse(responseCode = "200", description = "The dictionary",
            content = @Content(schema = @Schema(implementation = DictionaryAdministration.Dictionary.class)))
    public Uni<Response> get() {
        return search.dictionary();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateDictionary", summary = "Change the dictionary",
            description = "Writes a new version to Kafka. Synonyms apply to searches at once (search analyzers are "
                    + "reloaded, nothing is re-indexed). Extension words and stopwords change how texts are cut, so they "
                    + "apply once an index is built with them: rebuild=true starts that rebuild without downtime (a "
                    + "running one with older words is replaced); follow it here or at GET /api/v1/admin/index.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DictionaryAdministration.DictionaryUpdate.class)))
    @APIResponse(responseCode = "200", description = "The new version",
            content = @Content(schema = @Schema(implementation = DictionaryAdministration.Dictionary.class)))
    @APIResponse(responseCode = "400", description = "A term or rule that cannot be taken, or a list over its limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The version given is not the current one: another update came first",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not take the update in time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> update(DictionaryAdministration.DictionaryUpdate update,
                                @Parameter(description = "Start the rebuild that applies changed words and stopwords")
                                @QueryParam("rebuild") boolean rebuild) {
        return search.updateDictionary(update, rebuild);
    }
}
