package cn.docsearch.gateway.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.gateway.api.BatchReceipt;
import cn.docsearch.gateway.api.BatchSubmission;
import cn.docsearch.gateway.api.DeletionReceipt;
import cn.docsearch.gateway.api.DocumentReceipt;
import cn.docsearch.gateway.api.DocumentStatus;
import cn.docsearch.gateway.api.DocumentSubmission;
import cn.docsearch.gateway.api.Job;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.auth.Caller;
import cn.docsearch.gateway.auth.Role;
import io.smallrye.mutiny.Uni;

/**
 * ingest-service as the gateway calls it, on behalf of a caller: writes go to the collection the caller's key writes
 * to, reads are limited to its collections, an Idempotency-Key is made the key's own, jobs are seen by their
 * submitter. Answers are the gateway's API models; failures are the gateway's problems ({@link DownstreamException}).
 * Timeouts: quarkus.rest-client.ingest-service.* for documents and reads, quarkus.rest-client.ingest-uploads.* for
 * files, batches and jobs.
 */
@ApplicationScoped
public class IngestService {
    private static final String INGEST_SERVICE = "ingest-service";
    private static final String CONTENT_DISPOSITION = "Content-Disposition";

    private final IngestServiceRestClient documents;
    private final IngestUploadRestClient uploads;
    private final ObjectMapper objectMapper;

    public IngestService(@RestClient IngestServiceRestClient documents, @RestClient IngestUploadRestClient uploads,
                         ObjectMapper objectMapper) {
        this.documents = documents;
        this.uploads = uploads;
        this.objectMapper = objectMapper;
    }

    /** ingest-service's answer to files: one document's ({@code batch} null) or a batch's ({@code document} null). */
    public record Upload(ServiceAnswer<DocumentReceipt> document, BatchReceipt batch) {
    }

    public ServiceAnswer<DocumentReceipt> submitJson(Caller who, DocumentSubmission submission, String idempotencyKey) {
        DocumentSubmission scoped = submission == null ? null : submission.inCollection(who.collectionFor(submission.collection()));
        return Downstream.exchange(INGEST_SERVICE, () -> documents.submitJson(scoped, who.idempotencyKey(idempotencyKey)),
                DocumentReceipt.class);
    }

    public ServiceAnswer<DocumentReceipt> submitText(Caller who, String content, SubmissionMetadata metadata,
                                                     String idempotencyKey) {
        String target = who.collectionFor(metadata.collection());
        return Downstream.exchange(INGEST_SERVICE, () -> documents.submitText(content, metadata.title(), metadata.source(),
                metadata.tags(), metadata.clientId(), target, who.idempotencyKey(idempotencyKey)), DocumentReceipt.class);
    }

    /** Files as ingest-service answers them: one file that is not a zip as one document, anything else as a batch. */
    public Upload upload(Caller who, List<FileUpload> files, SubmissionMetadata metadata, String idempotencyKey) {
        ServiceAnswer<JsonNode> answer = sendFiles(who, UploadForms.withFiles(files), metadata, idempotencyKey);
        if (answer.body().has("items")) {
            return new Upload(null, convert(answer.body(), BatchReceipt.class));
        }
        return new Upload(new ServiceAnswer<>(answer.status(), convert(answer.body(), DocumentReceipt.class)), null);
    }

    /**
     * Files answered as a batch whatever their number, as the public API's uploadFiles is: ingest-service's
     * {@code POST /documents/files} answers so (one file refused is one refused item), and its receipt is the answer.
     */
    public BatchReceipt uploadFiles(Caller who, List<FileUpload> files, SubmissionMetadata metadata, String idempotencyKey) {
        SubmissionMetadata scoped = metadata.inCollection(who.collectionFor(metadata.collection()));
        return Downstream.call(INGEST_SERVICE, () -> uploads.uploadFiles(UploadForms.of(UploadForms.withFiles(files), scoped),
                who.idempotencyKey(idempotencyKey)), BatchReceipt.class);
    }

    private ServiceAnswer<JsonNode> sendFiles(Caller who, List<FileUpload> files, SubmissionMetadata metadata,
                                              String idempotencyKey) {
        SubmissionMetadata scoped = metadata.inCollection(who.collectionFor(metadata.collection()));
        return Downstream.exchange(INGEST_SERVICE, () -> uploads.upload(UploadForms.of(files, scoped),
                who.idempotencyKey(idempotencyKey)), JsonNode.class);
    }

    public BatchReceipt submitBatch(Caller who, BatchSubmission batch) {
        BatchSubmission scoped = batch == null ? null : batch.inCollections(who::collectionFor);
        return Downstream.call(INGEST_SERVICE, () -> uploads.submitBatch(scoped), BatchReceipt.class);
    }

    /** What ingest-service accepted under the id, among the caller's collections. */
    public DocumentStatus.Accepted accepted(Caller who, String id) {
        return Downstream.call(INGEST_SERVICE, () -> documents.accepted(id, who.scope()), DocumentStatus.Accepted.class);
    }

    /**
     * A document's original among the caller's collections, as ingest-service streams it: type, length, file name and
     * ETag passed on, the body copied through as it arrives, never held whole (a 50 MB file costs a buffer, not 50 MB).
     */
    public Response original(Caller who, String id) {
        RestResponse<InputStream> response;
        try {
            response = uploads.original(id, who.scope());
        } catch (ProcessingException e) {
            throw new DownstreamException(Downstream.unreachable(INGEST_SERVICE, e));
        }
        InputStream body = response.getEntity();
        if (response.getStatus() >= 300) {
            try (body) {
                throw new DownstreamException(Downstream.problemOf(INGEST_SERVICE, response.getStatus(), () -> problem(body)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        StreamingOutput copy = out -> {
            try (body) {
                body.transferTo(out);
            }
        };
        Response.ResponseBuilder answer = Response.ok(copy, response.getMediaType());
        for (String header : List.of(HttpHeaders.CONTENT_LENGTH, CONTENT_DISPOSITION, HttpHeaders.ETAG)) {
            String value = response.getHeaderString(header);
            if (value != null) {
                answer.header(header, value);
            }
        }
        return answer.build();
    }

    /** The service's problem in a streamed answer; null when the body is none. */
    private Problem problem(InputStream body) {
        try {
            return objectMapper.readValue(body, Problem.class);
        } catch (IOException e) {
            return null;
        }
    }

    public DeletionReceipt delete(Caller who, String id) {
        return Downstream.call(INGEST_SERVICE, () -> documents.delete(id, who.scope()), DeletionReceipt.class);
    }

    public ServiceAnswer<Job> submitJob(Caller who, BatchSubmission batch) {
        BatchSubmission scoped = batch == null ? null : batch.inCollections(who::collectionFor);
        return Downstream.exchange(INGEST_SERVICE, () -> uploads.submitJob(scoped, who.keyId()), Job.class);
    }

    /** @param metadata title and clientId do not apply to a job's files */
    public ServiceAnswer<Job> uploadJob(Caller who, List<FileUpload> files, SubmissionMetadata metadata) {
        SubmissionMetadata scoped = metadata.inCollection(who.collectionFor(metadata.collection()));
        return Downstream.exchange(INGEST_SERVICE, () -> uploads.uploadJob(UploadForms.of(UploadForms.withFiles(files),
                scoped), who.keyId()), Job.class);
    }

    /** A job the caller may see, relayed as ingest-service answers it. */
    public Uni<Response> job(Caller who, String id) {
        String viewer = viewer(who);
        return Downstream.relay(INGEST_SERVICE, () -> documents.job(id, viewer));
    }

    /** The most recent jobs the caller may see, relayed as ingest-service answers them. */
    public Uni<Response> recentJobs(Caller who, int limit) {
        String viewer = viewer(who);
        return Downstream.relay(INGEST_SERVICE, () -> documents.jobs(limit, viewer));
    }

    /** Whose jobs the caller sees: its own, or everyone's (null) for an admin of all collections. */
    private static String viewer(Caller who) {
        return who.role() == Role.ADMIN && who.seesAllCollections() ? null : who.keyId();
    }

    /** Documents per collection as Kafka holds them, among the caller's collections. */
    public JsonNode stats(Caller who) {
        return Downstream.call(INGEST_SERVICE, () -> documents.stats(who.scope()), JsonNode.class);
    }

    /** The status ingest-service's readiness check answers; an exception when it cannot be reached. */
    public int readiness() {
        try (Response response = documents.ready()) {
            return response.getStatus();
        }
    }

    private <T> T convert(JsonNode json, Class<T> type) {
        try {
            return objectMapper.treeToValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("ingest-service answered a body the gateway cannot read", e);
        }
    }
}
