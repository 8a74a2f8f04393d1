package cn.docsearch.gateway.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import cn.docsearch.gateway.api.DocumentAccepted;
import cn.docsearch.gateway.api.DocumentDetails;
import cn.docsearch.gateway.api.DocumentSubmission;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.client.Downstream;
import cn.docsearch.gateway.client.IngestServiceClient;
import cn.docsearch.gateway.client.SearchServiceClient;

@Path("/api/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "Submit documents and read them back")
public class DocumentsResource {
    private static final String INGEST = "ingest-service";
    private static final String SEARCH = "search-service";

    private final IngestServiceClient ingest;
    private final SearchServiceClient search;
    private final Downstream downstream;

    public DocumentsResource(@RestClient IngestServiceClient ingest, @RestClient SearchServiceClient search,
                             Downstream downstream) {
        this.ingest = ingest;
        this.search = search;
        this.downstream = downstream;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a document as JSON",
            description = "Answers 202 once Kafka has the document; it is searchable about a second later. "
                    + "The same content, or the same clientId, always gets the same id: uploading again replaces it.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DocumentSubmission.class),
            examples = @ExampleObject(name = "report", value = OpenApiExamples.SUBMISSION)))
    @APIResponse(responseCode = "202", description = "Accepted: Kafka acknowledged the document",
            content = @Content(schema = @Schema(implementation = DocumentAccepted.class)))
    @APIResponse(responseCode = "400", description = "No text, or malformed JSON", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "empty", value = OpenApiExamples.PROBLEM_INVALID)))
    @APIResponse(responseCode = "413", description = "Text over the size limit", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "too large", value = OpenApiExamples.PROBLEM_TOO_LARGE)))
    @APIResponse(responseCode = "503", description = "Kafka could not take the document in time; nothing was stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "broker down", value = OpenApiExamples.PROBLEM_BROKER)))
    public Response submitJson(DocumentSubmission submission) {
        return accepted(downstream.call(INGEST, () -> ingest.submitJson(submission), DocumentAccepted.class));
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(summary = "Submit a plain-text document",
            description = "The body is the text (UTF-8). Title, source, tags and clientId come as query parameters; "
                    + "without a title the first line is used.")
    @RequestBody(content = @Content(mediaType = MediaType.TEXT_PLAIN,
            examples = @ExampleObject(name = "speech", value = "在全县安全生产工作会议上的讲话\n同志们：今天召开会议，主要任务是……")))
    @APIResponse(responseCode = "202", description = "Accepted: Kafka acknowledged the document",
            content = @Content(schema = @Schema(implementation = DocumentAccepted.class)))
    @APIResponse(responseCode = "400", description = "No text", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka could not take the document in time; nothing was stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submitText(String content,
                               @Parameter(description = "Title", example = "在全县安全生产工作会议上的讲话") @QueryParam("title") String title,
                               @Parameter(description = "Source", example = "县应急管理局") @QueryParam("source") String source,
                               @Parameter(description = "Tags, repeatable") @QueryParam("tags") List<String> tags,
                               @Parameter(description = "Your own id; the same id replaces the earlier upload")
                               @QueryParam("clientId") String clientId) {
        return accepted(downstream.call(INGEST, () -> ingest.submitText(content, title, source, tags, clientId),
                DocumentAccepted.class));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a document", description = "404 until the document has been indexed (about a second after 202).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DocumentDetails.class)))
    @APIResponse(responseCode = "404", description = "Not indexed (yet)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "unknown", value = OpenApiExamples.PROBLEM_NOT_FOUND)))
    public DocumentDetails document(@Parameter(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") @PathParam("id") String id) {
        return downstream.call(SEARCH, () -> search.document(id), DocumentDetails.class);
    }

    private static Response accepted(DocumentAccepted document) {
        return Response.accepted(document).location(URI.create("/api/v1/documents/" + document.id())).build();
    }
}
