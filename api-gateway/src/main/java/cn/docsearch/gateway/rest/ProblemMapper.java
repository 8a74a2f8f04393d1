package cn.docsearch.gateway.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.client.DownstreamException;

/** Every error the public API returns is RFC 7807 problem+json. */
public class ProblemMapper {
    private static final String TYPE_PREFIX = "urn:docsearch:problem:";

    @ServerExceptionMapper
    public Response downstream(DownstreamException e) {
        return respond(e.problem());
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

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
