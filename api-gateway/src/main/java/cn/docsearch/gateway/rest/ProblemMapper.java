package cn.docsearch.gateway.rest;

import java.io.IOException;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

import com.fasterxml.jackson.core.JsonProcessingException;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.ProblemException;

/** Every error the public API returns is RFC 7807 problem+json. */
public class ProblemMapper {
    private static final String TYPE_PREFIX = "urn:docsearch:problem:";

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(new Problem(TYPE_PREFIX + "malformed-json", "Malformed JSON", 400, e.getOriginalMessage()));
    }

    /** A multipart body that cannot be parsed (a wrong boundary, truncated): the request's fault, not a 500. */
    @ServerExceptionMapper
    public Response malformedMultipart(MultipartParser.MalformedMessageException e) {
        return unreadableBody();
    }

    /** Reading the request failed (a multipart body that ends before its closing boundary, a client gone). */
    @ServerExceptionMapper
    public Response unreadableRequest(IOException e) {
        return unreadableBody();
    }

    private static Response unreadableBody() {
        return respond(new Problem(TYPE_PREFIX + "unreadable-request", "Unreadable request", 400,
                "The request body could not be read; a multipart/form-data body needs its boundary and each file as a part named 'file'"));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        // JAX-RS answers a query parameter it cannot convert (page=abc) with 404, as if the resource did not exist
        if (e instanceof NotFoundException && e.getCause() != null) {
            return respond(new Problem(TYPE_PREFIX + "invalid-parameter", "Invalid parameter", 400,
                    "A parameter has a value of the wrong type: " + e.getCause().getMessage()));
        }
        int status = e.getResponse().getStatus();
        return respond(new Problem(TYPE_PREFIX + "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(),
                status, e.getMessage()));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
