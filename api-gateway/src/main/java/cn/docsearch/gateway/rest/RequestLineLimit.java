package cn.docsearch.gateway.rest;

import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import cn.docsearch.gateway.api.Problem;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses a request whose path and query are longer than {@value #MAX_URI_CHARS} characters with a 414 problem, and one
 * whose headers take more than {@value #MAX_HEADER_BYTES} bytes with a 431 problem. The HTTP server lets request lines
 * and headers through up to larger bounds (quarkus.http.limits.max-initial-line-length and max-header-size) so that
 * these answers, not the server's bare ones, are what a client sees; no request of this API needs more.
 */
public class RequestLineLimit {
    /** Room for the longest text a GET takes (analyze: 2,000 Chinese characters, 18,000 once URL-encoded). */
    static final int MAX_URI_CHARS = 24576;
    static final int MAX_HEADER_BYTES = 16384;

    @ServerRequestFilter(preMatching = true)
    public Response refuseLongUrisAndHeaders(ContainerRequestContext context, HttpServerRequest request) {
        String uri = request.uri();
        if (uri.length() > MAX_URI_CHARS) {
            return ProblemMapper.respond(new Problem("urn:docsearch:problem:uri-too-long", "URI too long", 414,
                    "The path and query have " + uri.length() + " characters; at most " + MAX_URI_CHARS + " are accepted. "
                            + "Send long texts in a request body (POST /api/v1/passages/similar)."));
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            // as on the wire: "name: value" and CRLF
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            return ProblemMapper.respond(new Problem("urn:docsearch:problem:headers-too-large",
                    "Request header fields too large", 431, "The headers take " + headerBytes + " bytes; at most "
                    + MAX_HEADER_BYTES + " are accepted."));
        }
        return null;
    }
}
