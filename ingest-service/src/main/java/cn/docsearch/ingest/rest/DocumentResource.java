package cn.docsearch.ingest.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.document.IdempotencyKeyConflictException;
import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.document.KnownDocument;
import cn.docsearch.ingest.originals.OriginalManifest;
import cn.docsearch.ingest.originals.OriginalStore;
import cn.docsearch.ingest.originals.OriginalStore.StoredOriginal;
import cn.docsearch.ingest.parse.SupportedTypes;
import cn.docsearch.ingest.upload.BatchIngestService.BatchItem;
import cn.docsearch.ingest.upload.BatchIngestService.UploadedFile;
import cn.docsearch.ingest.upload.BatchIngestService;
import cn.docsearch.ingest.upload.CollectionScope;
import cn.docsearch.ingest.upload.DocumentIngestService;
import cn.docsearch.ingest.upload.SubmissionMetadata;

@Path("/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Problem type of a document that exists but has no original. */
    static final String NO_ORIGINAL = "no-original";

    private final DocumentIngestService ingestService;
    private final BatchIngestService batchService;
    private final OriginalStore originals;

    public DocumentResource(DocumentIngestService ingestService, BatchIngestService batchService, OriginalStore originals) {
        this.ingestService = ingestService;
        this.batchService = batchService;
        this.originals = originals;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submitJson(DocumentSubmission submission, @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey) {
        if (submission == null) {
            throw DocumentRefusedException.invalid("A JSON body with at least 'content' is required");
        }
        return single(ingestService.ingestText(submission.content(), submission.metadata(), MediaType.APPLICATION_JSON,
                idempotencyKey));
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    public Response submitText(String content, @QueryParam("title") String title, @QueryParam("source") String source,
                               @QueryParam("tags") List<String> tags, @QueryParam("clientId") String clientId,
                               @QueryParam("collection") String collection,
                               @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey) {
        return single(ingestService.ingestText(content, new SubmissionMetadata(title, source, tags, clientId, collection),
                MediaType.TEXT_PLAIN, idempotencyKey));
    }

    /**
     * Files as multipart/form-data parts named {@code file}. One document file answers like a single
     * submission; several files, or a zip, answer with one result per document.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("file") List<FileUpload> parts, @RestForm String title, @RestForm String source,
                           @RestForm("tags") List<String> tags, @RestForm String clientId, @RestForm String collection,
                           @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey) {
        Uploaded uploaded = ingestFiles(Submissions.files(parts), new SubmissionMetadata(title, source, tags, clientId,
                collection), idempotencyKey);
        return uploaded.document() != null ? single(uploaded.document()) : batch(uploaded.items());
    }

    /**
     * The same form as {@link #upload}, always answered 200 with one result per document, whatever the number of files:
     * one file that is not a zip is still one document (its title, clientId and Idempotency-Key apply), and one file
     * refused (a hostile zip included) is one refused item with its problem, as it would be among others. The form
     * itself refused (no file, too many) and Kafka unavailable for a single document stay problems.
     */
    @POST
    @Path("/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public BatchReceipt uploadFiles(@RestForm("file") List<FileUpload> parts, @RestForm String title,
                                    @RestForm String source, @RestForm("tags") List<String> tags,
                                    @RestForm String clientId, @RestForm String collection,
                                    @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey) {
        List<UploadedFile> files = Submissions.files(parts);
        Uploaded uploaded;
        try {
            uploaded = ingestFiles(files, new SubmissionMetadata(title, source, tags, clientId, collection), idempotencyKey);
        } catch (DocumentRefusedException e) {
            if (files.size() > 1) {
                throw e;
            }
            return BatchReceipt.refused(files.get(0).name(), ProblemMapper.problemOf(e));
        } catch (IdempotencyKeyConflictException e) {
            if (files.size() > 1) {
                throw e;
            }
            return BatchReceipt.refused(files.get(0).name(), ProblemMapper.problemOf(e));
        }
        return BatchReceipt.of(uploaded.document() != null
                ? List.of(new BatchItem(files.get(0).name(), uploaded.document(), null))
                : uploaded.items());
    }

    /** What uploaded files came to: one document's outcome, or one result per document ({@code document} null). */
    private record Uploaded(IngestOutcome document, List<BatchItem> items) {
    }

    /**
     * One file that is not a zip as one document with the submitter's metadata and Idempotency-Key; several files, or a
     * zip, as a batch with the shared metadata (source, tags, collection).
     *
     * @throws DocumentRefusedException one file refused, or one zip refused whole (its reason naming the file)
     */
    private Uploaded ingestFiles(List<UploadedFile> files, SubmissionMetadata submitted, String idempotencyKey) {
        SubmissionMetadata shared = new SubmissionMetadata(null, submitted.source(), submitted.tags(), null,
                submitted.collection());
        if (files.size() > 1) {
            return new Uploaded(null, batchService.ingestFiles(files, shared));
        }
        UploadedFile file = files.get(0);
        try {
            String type = ingestService.detectType(file.path(), file.name());
            if (SupportedTypes.ZIP.equals(type)) {
                return new Uploaded(null, batchService.ingestArchive(file, shared));
            }
            return new Uploaded(ingestService.ingestFile(file.path(), file.name(), type, submitted, idempotencyKey), null);
        } catch (DocumentRefusedException e) {
            throw e.forFile(file.name());
        }
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submitBatch(BatchSubmission batch) {
        return batch(batchService.ingestTexts(Submissions.texts(batch)));
    }

    /**
     * What this service accepted under the id (its latest version), whether or not it is indexed yet.
     *
     * @param collections the caller's collections, comma-separated (absent: all); a document of another is not found
     */
    @GET
    @Path("/{id}")
    public AcceptedDocument accepted(@PathParam("id") String id, @QueryParam("collections") String collections) {
        KnownDocument known = ingestService.find(id, CollectionScope.parse(collections));
        return new AcceptedDocument(known.id(), known.version(), known.contentHash(), known.collection());
    }

    public record AcceptedDocument(String id, int version, String contentHash, String collection) {
    }

    /**
     * The file the document was uploaded as, byte for byte, under its name and type; a document of another collection
     * is not found, like a missing one. A document sent as text, or uploaded before originals were kept, has none.
     *
     * @param collections the caller's collections, comma-separated (absent: all)
     */
    @GET
    @Path("/{id}/original")
    @Produces(MediaType.WILDCARD)
    public Response original(@PathParam("id") String id, @QueryParam("collections") String collections)
            throws InterruptedException {
        StoredOriginal original = ingestService.original(id, CollectionScope.parse(collections))
                .orElseThrow(() -> new DocumentRefusedException(404, NO_ORIGINAL, "Document " + id
                        + " has no original: it was sent as text, or uploaded before files were kept"));
        OriginalManifest manifest = original.manifest();
        return Response.ok((StreamingOutput) out -> originals.copy(original, out), manifest.contentType())
                .header(HttpHeaders.CONTENT_LENGTH, manifest.size())
                .header("Content-Disposition", ContentDisposition.attachment(manifest.fileName()))
                .header(HttpHeaders.ETAG, "\"" + manifest.sha256() + "\"")
                .build();
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @QueryParam("collections") String collections) {
        ingestService.delete(id, CollectionScope.parse(collections));
        return Response.accepted(new DeletionReceipt(id, "deleted")).build();
    }

    /** The document will disappear from search once the tombstone is indexed. */
    public record DeletionReceipt(String id, String status) {
    }

    private static Response single(IngestOutcome outcome) {
        return Response.status(outcome.accepted() ? 202 : 200)
                .entity(DocumentReceipt.of(outcome))
                .location(URI.create("/documents/" + outcome.id()))
                .build();
    }

    private static Response batch(List<BatchItem> items) {
        return Response.ok(BatchReceipt.of(items)).build();
    }
}
