package cn.docsearch.gateway.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import cn.docsearch.gateway.api.BatchReceipt;
import cn.docsearch.gateway.api.BatchSubmission;
import cn.docsearch.gateway.api.DeletionReceipt;
import cn.docsearch.gateway.api.DocumentDetails;
import cn.docsearch.gateway.api.DocumentReceipt;
import cn.docsearch.gateway.api.DocumentStatus;
import cn.docsearch.gateway.api.DocumentSubmission;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.Similarity;
import cn.docsearch.gateway.api.UploadForm;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.rest.CurrentCaller;
import cn.docsearch.gateway.client.IngestService;
import cn.docsearch.gateway.client.SearchService;
import cn.docsearch.gateway.client.ServiceAnswer;
import cn.docsearch.gateway.client.SubmissionMetadata;
import cn.docsearch.gateway.service.DocumentStatusService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "Submit documents, read them back, delete them")
public class DocumentsResource {
    private static final String COLLECTION_DESCRIPTION = "The collection it goes to (the key must have it); default: "
            + "the key's first collection";
    private static final String PROBLEM_NO_ORIGINAL = """
            {"type":"urn:docsearch:problem:no-original","title":"Document refused","status":404,
             "detail":"Document 5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10 has no original: it was sent as text, or uploaded before files were kept"}""";
    private static final String IDEMPOTENCY_DESCRIPTION = "Any unique string. Repeating a request with the same key "
            + "returns the first answer instead of storing again; the same key with other content is 409.";

    private final IngestService ingest;
    private final SearchService search;
    private final DocumentStatusService statuses;
    private final CurrentCaller caller;

    public DocumentsResource(IngestService ingest, SearchService search, DocumentStatusService statuses,
                             CurrentCaller caller) {
        this.ingest = ingest;
        this.search = search;
        this.statuses = statuses;
        this.caller = caller;
    }

    @RequiredRole(Role.WRITER)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitDocument", summary = "Submit a document as JSON",
            description = "202 once Kafka has the document; it is searchable about a second later. The same text "
                    + "again is recognised (200, status duplicate); the same clientId with new text is a new version "
                    + "that replaces the old one.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DocumentSubmission.class),
            examples = @ExampleObject(name = "report", value = OpenApiExamples.SUBMISSION)))
    @APIResponse(responseCode = "202", description = "Accepted: Kafka acknowledged the document",
            content = @Content(schema = @Schema(implementation = DocumentReceipt.class)))
    @APIResponse(responseCode = "200", description = "Duplicate: this text is already stored; nothing new was stored",
            content = @Content(schema = @Schema(implementation = DocumentReceipt.class)))
    @APIResponse(responseCode = "400", description = "No text, or malformed JSON", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "empty", value = OpenApiExamples.PROBLEM_INVALID)))
    @APIResponse(responseCode = "409", description = "Idempotency-Key already used for other content", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Text over the size limit", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "too large", value = OpenApiExamples.PROBLEM_TOO_LARGE)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; probably not stored: retry with the same Idempotency-Key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "broker down", value = OpenApiExamples.PROBLEM_BROKER)))
    public Response submitJson(DocumentSubmission submission,
                               @Parameter(description = IDEMPOTENCY_DESCRIPTION) @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return receipt(ingest.submitJson(caller.get(), submission, idempotencyKey));
    }

    /** The same as {@link #submitText} at the documents' own path, as the API has always accepted it. */
    @RequiredRole(Role.WRITER)
    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public Response submitTextHere(String content, @QueryParam("title") String title, @QueryParam("source") String source,
                                   @QueryParam("tags") List<String> tags, @QueryParam("clientId") String clientId,
                                   @QueryParam("collection") String collection,
                                   @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return submitText(content, title, source, tags, clientId, collection, idempotencyKey);
    }

    @RequiredRole(Role.WRITER)
    @POST
    @Path("/text")
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(operationId = "submitText", summary = "Submit a plain-text document",
            description = "The body is the text (UTF-8). Title, source, tags and clientId come as query parameters; "
                    + "without a title a short first line is used. POST /api/v1/documents with Content-Type text/plain "
                    + "does the same.")
    @RequestBody(content = @Content(mediaType = MediaType.TEXT_PLAIN,
            examples = @ExampleObject(name = "speech", value = "在全县安全生产工作会议上的讲话\n同志们：今天召开会议，主要任务是……")))
    @APIResponse(responseCode = "202", description = "Accepted: Kafka acknowledged the document",
            content = @Content(schema = @Schema(implementation = DocumentReceipt.class)))
    @APIResponse(responseCode = "200", description = "Duplicate: this text is already stored",
            content = @Content(schema = @Schema(implementation = DocumentReceipt.class)))
    @APIResponse(responseCode = "400", description = "No text", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; probably not stored: retry with the same Idempotency-Key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submitText(String content,
                               @Parameter(description = "Title", example = "在全县安全生产工作会议上的讲话") @QueryParam("title") String title,
                               @Parameter(description = "Source", example = "县应急管理局") @QueryParam("source") String source,
                               @Parameter(description = "Tags, repeatable") @QueryParam("tags") List<String> tags,
                               @Parameter(description = "Your own id; the same id replaces the earlier upload")
                               @QueryParam("clientId") String clientId,
                               @Parameter(description = COLLECTION_DESCRIPTION) @QueryParam("collection") String collection,
                               @Parameter(description = IDEMPOTENCY_DESCRIPTION) @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return receipt(ingest.submitText(caller.get(), content,
                new SubmissionMetadata(title, source, tags, clientId, collection), idempotencyKey));
    }

    /** The same as {@link #upload} at the documents' own path, as the API has always accepted it (the search page). */
    @RequiredRole(Role.WRITER)
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(hidden = true)
    public Response uploadHere(@RestForm("file") List<FileUpload> files, @RestForm String title, @RestForm String source,
                               @RestForm("tags") List<String> tags, @RestForm String clientId, @RestForm String collection,
                               @HeaderParam("Idempotency-Key") String idempotencyKey) {
        IngestService.Upload upload = ingest.upload(caller.get(), files,
                new SubmissionMetadata(title, source, tags, clientId, collection), idempotencyKey);
        return upload.batch() != null ? Response.ok(upload.batch()).build() : receipt(upload.document());
    }

    @RequiredRole(Role.WRITER)
    @POST
    @Path("/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "uploadFiles", summary = "Upload files",
            description = "The type is detected from the bytes, not the name. Answers 200 with one result per "
                    + "document (a zip's members each count): one bad file never fails the others, a refused file is an "
                    + "item with its problem. A hostile zip (too many entries, expands too far, paths leaving the archive) "
                    + "is refused whole. POST /api/v1/documents with multipart/form-data takes the same form and answers "
                    + "a single file like a single submission (202 / 200 duplicate / problem).")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = UploadForm.class)))
    @APIResponse(responseCode = "200", description = "One result per document, in order (a zip's members each count)",
            content = @Content(schema = @Schema(implementation = BatchReceipt.class),
                    examples = @ExampleObject(name = "zip", value = OpenApiExamples.BATCH_RECEIPT)))
    @APIResponse(responseCode = "400", description = "No file part, or an unsafe zip", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Too many files, or a zip over its limits", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "zip bomb", value = OpenApiExamples.PROBLEM_ZIP_BOMB)))
    @APIResponse(responseCode = "503", description = "Kafka did not take the documents in time; retry the refused items",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public BatchReceipt upload(@RestForm("file") List<FileUpload> files, @RestForm String title, @RestForm String source,
                               @RestForm("tags") List<String> tags, @RestForm String clientId, @RestForm String collection,
                               @Parameter(description = IDEMPOTENCY_DESCRIPTION) @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return ingest.uploadFiles(caller.get(), files, new SubmissionMetadata(title, source, tags, clientId, collection),
                idempotencyKey);
    }

    @RequiredRole(Role.WRITER)
    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitBatch", summary = "Submit several JSON documents", description = "One result per document, in order; one bad "
            + "document never fails the others.")
    @APIResponse(responseCode = "200", description = "One result per document, in order",
            content = @Content(schema = @Schema(implementation = BatchReceipt.class)))
    @APIResponse(responseCode = "400", description = "No documents", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public BatchReceipt submitBatch(BatchSubmission batch) {
        return ingest.submitBatch(caller.get(), batch);
    }

    @RequiredRole(Role.READER)
    @GET
    @Path("/{id}")
    @Operation(operationId = "getDocument", summary = "Read a document", description = "404 until the document has been indexed (about a second after 202).")
    @APIResponse(responseCode = "200", description = "The document as indexed",
            content = @Content(schema = @Schema(implementation = DocumentDetails.class)))
    @APIResponse(responseCode = "404", description = "Not indexed (yet), or deleted", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "unknown", value = OpenApiExamples.PROBLEM_NOT_FOUND)))
    public Uni<Response> document(@Parameter(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") @PathParam("id") String id) {
        return search.document(caller.get(), id);
    }

    @RequiredRole(Role.READER)
    @GET
    @Path("/{id}/original")
    @Produces(MediaType.WILDCARD)
    @Operation(operationId = "getDocumentOriginal", summary = "Download the file a document was uploaded as",
            description = "The file byte for byte, under the type detected from its bytes (a text with its encoding, "
                    + "e.g. text/plain; charset=GB18030) and the name it was uploaded under (Content-Disposition with "
                    + "filename* in UTF-8); a zip's member is its own file. Kept in Kafka with the document: it survives "
                    + "restarts and index rebuilds, a new version replaces it and a delete removes it. A document sent "
                    + "as text (JSON or text/plain), or uploaded before files were kept, has none: 404 no-original.")
    @APIResponse(responseCode = "200", description = "The file as it was uploaded",
            headers = {
                    @Header(name = "Content-Disposition", description = "attachment; filename=\"...\"; filename*=UTF-8''...",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Content-Length", description = "The file's size in bytes",
                            schema = @Schema(type = SchemaType.INTEGER)),
                    @Header(name = "ETag", description = "The file's SHA-256 in hex, quoted",
                            schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "No such document among the key's collections (document-not-found), "
            + "or a document without a file (no-original)", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "no file", value = PROBLEM_NO_ORIGINAL)))
    public Response original(@Parameter(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") @PathParam("id") String id) {
        return ingest.original(caller.get(), id);
    }

    @RequiredRole(Role.READER)
    @GET
    @Path("/{id}/status")
    @Operation(operationId = "getDocumentStatus", summary = "Where a document is: pending, indexed, embedded or failed",
            description = "Every accepted document ends up indexed, or failed with the reason: nothing is lost silently.")
    @APIResponse(responseCode = "200", description = "Where the document is",
            content = @Content(schema = @Schema(implementation = DocumentStatus.class)))
    @APIResponse(responseCode = "404", description = "Never accepted, or deleted", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DocumentStatus status(@PathParam("id") String id) {
        return statuses.status(caller.get(), id);
    }

    @RequiredRole(Role.READER)
    @GET
    @Path("/{id}/similar")
    @Operation(operationId = "similarDocuments", summary = "Documents similar in meaning",
            description = "The other documents closest to this one's overall meaning (the mean of its passage vectors), "
                    + "most similar first. 409 while the document's vectors are not in yet (status 'indexed').")
    @APIResponse(responseCode = "200", description = "The most similar other documents",
            content = @Content(schema = @Schema(implementation = Similarity.SimilarDocuments.class)))
    @APIResponse(responseCode = "404", description = "No such document", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not embedded yet", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "not embedded", value = OpenApiExamples.PROBLEM_NOT_EMBEDDED)))
    public Uni<Response> similar(@PathParam("id") String id,
                                 @Parameter(description = "1 to 100", example = "10")
                                 @QueryParam("size") @DefaultValue("10") int size) {
        return search.similarDocuments(caller.get(), id, size);
    }

    @RequiredRole(Role.READER)
    @GET
    @Path("/{id}/duplicates")
    @Operation(operationId = "documentDuplicates", summary = "Documents sharing near-identical passages",
            description = "For every passage of this document, the passages of other documents that are near-identical "
                    + "(copied with small edits), grouped by document with how much of this document they cover.")
    @APIResponse(responseCode = "200", description = "Documents sharing near-identical passages, with the pairs",
            content = @Content(schema = @Schema(implementation = Similarity.DuplicateReport.class)))
    @APIResponse(responseCode = "404", description = "No such document", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not embedded yet", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> duplicates(@PathParam("id") String id) {
        return search.duplicates(caller.get(), id);
    }

    @RequiredRole(Role.WRITER)
    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteDocument", summary = "Delete a document", description = "Publishes a deletion to Kafka; the document leaves search "
            + "about a second later.")
    @APIResponse(responseCode = "202", description = "Accepted: Kafka acknowledged the deletion",
            content = @Content(schema = @Schema(implementation = DeletionReceipt.class)))
    @APIResponse(responseCode = "404", description = "No such document", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@PathParam("id") String id) {
        return Response.accepted(ingest.delete(caller.get(), id)).build();
    }

    /** A document's receipt with the status ingest-service chose (202 accepted, 200 duplicate) and where it is read. */
    private static Response receipt(ServiceAnswer<DocumentReceipt> answer) {
        return Response.status(answer.status()).entity(answer.body())
                .location(URI.create("/api/v1/documents/" + answer.body().id())).build();
    }
}
