package cn.docsearch.gateway.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

import cn.docsearch.gateway.api.Problem;

/**
 * Refuses a request whose path and query are longer than {@value #MAX_URI_CHARS} characters with a 414 problem. The
 * HTTP server lets request lines through up to a larger bound (quarkus.http.limits.max-initial-line-length) so that
 * this answer, not the server's bare one, is what a client sees; no query of this API needs more.
 */
public class RequestLineLimit {
    static final int MAX_URI_CHARS = 8192;

    @ServerRequestFilter(preMatching = true)
    public Response refuseLongUris(ContainerRequestContext context, HttpServerRequest request) {
        String uri = request.uri();
        if (uri.length() <= MAX_URI_CHARS) {
            return null;
        }
        return ProblemMapper.respond(new Problem("urn:docsearch:problem:uri-too-long", "URI too long", 414,
                "The path and query have " + uri.length() + " characters; at most " + MAX_URI_CHARS + " are accepted. "
                        + "Send long texts in a request body (POST /api/v1/passages/similar)."));
    }
}
