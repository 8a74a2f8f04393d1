package cn.docsearch.ingest.upload;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.contract.InternalToken;
import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.writer.NotOwnerException;
import cn.docsearch.ingest.writer.PublishException;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/**
 * Sends a write to the instance that owns its partition ({@code POST /internal/writes}) and turns its answer back into
 * what a local write gives: the outcome, a refusal with the owner's status and problem type, or a failure.
 */
@ApplicationScoped
public class WriteForwarder {
    static final String PATH = "/internal/writes";
    /** The parts of a write forwarded with its original. */
    public static final String REQUEST_PART = "request";
    public static final String ORIGINAL_PART = "original";
    private static final String BOUNDARY = "docsearch-forwarded-write";
    /** What every problem type of this service starts with (the rest is the stable type a client branches on). */
    public static final String PROBLEM_PREFIX = "urn:docsearch:problem:";

    private final ObjectMapper objectMapper;
    private final IngestConfig config;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public WriteForwarder(ObjectMapper objectMapper, IngestConfig config) {
        this.objectMapper = objectMapper;
        this.config = config;
    }

    CompletableFuture<IngestOutcome> forward(URI owner, int partition, WriteRequest request, Duration timeout) {
        byte[] json;
        try {
            json = objectMapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Write requests always serialise", e);
        }
        HttpRequest.Builder post = HttpRequest.newBuilder(owner.resolve(PATH)).timeout(timeout);
        if (request.original() == null) {
            post.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json));
        } else {
            post.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).POST(withOriginal(json, request));
        }
        config.internalToken().ifPresent(token -> post.header(InternalToken.HEADER, token));
        // the owner continues the upload's trace
        W3CTraceContextPropagator.getInstance().inject(Context.current(), post, HttpRequest.Builder::header);
        return http.sendAsync(post.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        if (cause instanceof ConnectException) {
                            // the owner is gone: nothing reached it, the write can go to the next owner
                            throw new NotOwnerException(partition);
                        }
                        throw new PublishException("The ingest-service instance writing this document did not answer ("
                                + cause + "); the document may have been stored", cause);
                    }
                    return outcomeOf(response, partition);
                });
    }

    /**
     * The request and its original's bytes as two file parts ({@code request}, {@code original}), the file streamed
     * from disk: a file part has no size limit of its own where a form field has a small one, and nothing is held in
     * memory whole.
     */
    private static HttpRequest.BodyPublisher withOriginal(byte[] json, WriteRequest request) {
        try {
            return HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(partHeader(REQUEST_PART, "application/json")),
                    HttpRequest.BodyPublishers.ofByteArray(json),
                    HttpRequest.BodyPublishers.ofString("\r\n" + partHeader(ORIGINAL_PART, "application/octet-stream")),
                    HttpRequest.BodyPublishers.ofFile(request.original().file()),
                    HttpRequest.BodyPublishers.ofString("\r\n--" + BOUNDARY + "--\r\n"));
        } catch (FileNotFoundException e) {
            // the upload's file is gone: its request is over, nothing was stored
            throw new PublishException("The uploaded file could not be read to forward it", e);
        }
    }

    private static String partHeader(String name, String type) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n";
    }

    private IngestOutcome outcomeOf(HttpResponse<String> response, int partition) {
        try {
            if (response.statusCode() == 200) {
                return objectMapper.readValue(response.body(), IngestOutcome.class);
            }
            JsonNode problem = objectMapper.readTree(response.body());
            String type = problem.path("type").asText("").replace(PROBLEM_PREFIX, "");
            String detail = problem.path("detail").asText("");
            if (NOT_OWNER.equals(type)) {
                throw new NotOwnerException(partition);
            }
            if (response.statusCode() == 503) {
                throw new PublishException(detail, null);
            }
            throw new DocumentRefusedException(response.statusCode(), type, detail);
        } catch (IOException e) {
            throw new PublishException("The ingest-service instance writing this document answered " + response.statusCode()
                    + " with a body that is not a problem", e);
        }
    }

    /** Problem type of a write sent to an instance that does not own its partition. */
    public static final String NOT_OWNER = "not-owner";
}
