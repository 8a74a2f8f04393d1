package cn.docsearch.ingest.rest;

import java.io.IOException;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

import com.fasterxml.jackson.core.JsonProcessingException;

import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.document.IdempotencyKeyConflictException;
import cn.docsearch.ingest.upload.WriteForwarder;
import cn.docsearch.ingest.writer.NotOwnerException;
import cn.docsearch.ingest.writer.PublishException;

/** Every error leaves as problem+json, with a type a client can branch on. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String TYPE_PREFIX = WriteForwarder.PROBLEM_PREFIX;

    @ServerExceptionMapper
    public Response refused(DocumentRefusedException e) {
        return respond(problemOf(e));
    }

    @ServerExceptionMapper
    public Response publishFailed(PublishException e) {
        // a timeout cannot tell "never appended" from "appended, acknowledgement lost": say so, and say what is safe
        return respond(new Problem(TYPE_PREFIX + "broker-unavailable", "Document not accepted", 503,
                e.getMessage() + ". It is probably not stored; retry later with the same Idempotency-Key (or clientId),"
                        + " which can never store it twice."));
    }

    /** A forwarded write reached an instance that does not own its partition (any more): the sender re-routes it. */
    @ServerExceptionMapper
    public Response notOwner(NotOwnerException e) {
        return respond(new Problem(TYPE_PREFIX + WriteForwarder.NOT_OWNER, "Not the owner", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response idempotencyConflict(IdempotencyKeyConflictException e) {
        return respond(problemOf(e));
    }

    @ServerExceptionMapper
    public Response malformedMultipart(MultipartParser.MalformedMessageException e) {
        return unreadableBody("the multipart/form-data body is malformed");
    }

    /** Reading the request failed (a truncated upload, a client that went away): the request's fault. */
    @ServerExceptionMapper
    public Response unreadableRequest(IOException e) {
        return unreadableBody(e.getMessage());
    }

    /** Anything unforeseen still answers problem+json, with an id to find it in the log. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s", errorId);
        return respond(new Problem(TYPE_PREFIX + "internal-error", "Internal error", 500,
                "Unexpected error " + errorId + "; it has been logged"));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(new Problem(TYPE_PREFIX + "malformed-json", "Malformed JSON", 400, e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        int status = e.getResponse().getStatus();
        return respond(new Problem(TYPE_PREFIX + "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(),
                status, e.getMessage()));
    }

    private static Response unreadableBody(String reason) {
        return respond(new Problem(TYPE_PREFIX + "unreadable-request", "Unreadable request", 400,
                "The request body could not be read (" + reason + "); send each file as a multipart part named 'file'"));
    }

    static Problem problemOf(DocumentRefusedException e) {
        return new Problem(TYPE_PREFIX + e.problemType(), "Document refused", e.status(), e.getMessage());
    }

    static Problem problemOf(IdempotencyKeyConflictException e) {
        return new Problem(TYPE_PREFIX + "idempotency-key-conflict", "Idempotency-Key reused", 409, e.getMessage());
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
