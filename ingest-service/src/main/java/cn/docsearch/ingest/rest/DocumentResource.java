package cn.docsearch.ingest.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import cn.docsearch.ingest.service.AcceptedDocument;
import cn.docsearch.ingest.service.DocumentIngestService;
import cn.docsearch.ingest.service.DocumentRefusedException;
import cn.docsearch.ingest.service.NewDocument;

@Path("/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {

    private final DocumentIngestService ingestService;

    public DocumentResource(DocumentIngestService ingestService) {
        this.ingestService = ingestService;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submitJson(DocumentSubmission submission) {
        if (submission == null) {
            throw DocumentRefusedException.invalid("A JSON body with at least 'content' is required");
        }
        return accepted(ingestService.ingest(new NewDocument(submission.title(), submission.content(),
                submission.source(), submission.tags(), submission.clientId(), MediaType.APPLICATION_JSON)));
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    public Response submitText(String content, @QueryParam("title") String title, @QueryParam("source") String source,
                               @QueryParam("tags") List<String> tags, @QueryParam("clientId") String clientId) {
        return accepted(ingestService.ingest(new NewDocument(title, content, source, tags, clientId, MediaType.TEXT_PLAIN)));
    }

    private static Response accepted(AcceptedDocument document) {
        return Response.accepted(new DocumentReceipt(document.id(), "accepted", document.contentHash(), document.charCount()))
                .location(URI.create("/documents/" + document.id()))
                .build();
    }
}
