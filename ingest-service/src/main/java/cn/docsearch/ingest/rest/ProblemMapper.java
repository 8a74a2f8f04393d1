package cn.docsearch.ingest.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import cn.docsearch.ingest.kafka.IdempotencyKeyConflictException;
import cn.docsearch.ingest.kafka.PublishException;
import cn.docsearch.ingest.service.DocumentRefusedException;

/** Every error leaves as problem+json, with a type a client can branch on. */
public class ProblemMapper {
    private static final String TYPE_PREFIX = "urn:docsearch:problem:";

    @ServerExceptionMapper
    public Response refused(DocumentRefusedException e) {
        return respond(problemOf(e));
    }

    @ServerExceptionMapper
    public Response publishFailed(PublishException e) {
        return respond(new Problem(TYPE_PREFIX + "broker-unavailable", "Document not accepted", 503,
                e.getMessage() + ". Nothing was stored; retry later."));
    }

    @ServerExceptionMapper
    public Response idempotencyConflict(IdempotencyKeyConflictException e) {
        return respond(new Problem(TYPE_PREFIX + "idempotency-key-conflict", "Idempotency-Key reused", 409, e.getMessage()));
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

    static Problem problemOf(DocumentRefusedException e) {
        return new Problem(TYPE_PREFIX + e.problemType(), "Document refused", e.status(), e.getMessage());
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
