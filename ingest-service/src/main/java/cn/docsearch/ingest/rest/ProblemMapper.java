package cn.docsearch.ingest.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import cn.docsearch.ingest.kafka.PublishException;
import cn.docsearch.ingest.service.DocumentRefusedException;

/** Every error leaves as problem+json, with a type a client can branch on. */
public class ProblemMapper {
    private static final String TYPE_PREFIX = "urn:docsearch:problem:";

    @ServerExceptionMapper
    public Response refused(DocumentRefusedException e) {
        return problem(e.status(), e.problemType(), "Document refused", e.getMessage());
    }

    @ServerExceptionMapper
    public Response publishFailed(PublishException e) {
        return problem(503, "broker-unavailable", "Document not accepted",
                e.getMessage() + ". Nothing was stored; retry later.");
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return problem(400, "malformed-json", "Malformed JSON", e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        int status = e.getResponse().getStatus();
        return problem(status, "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage());
    }

    static Response problem(int status, String type, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(TYPE_PREFIX + type, title, status, detail)).build();
    }
}
