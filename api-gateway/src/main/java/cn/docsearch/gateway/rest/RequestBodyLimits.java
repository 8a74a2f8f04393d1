package cn.docsearch.gateway.rest;

import java.util.Locale;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a JSON or text body over its limit (see {@link GatewayConfig.Limits}) with a 413 problem from its
 * Content-Length, before it is read: a 100 MB JSON document is never held in memory only to be refused later; one
 * without a Content-Length (chunked) is refused with a 411 problem.
 */
public class RequestBodyLimits {
    private final GatewayConfig.Limits limits;

    public RequestBodyLimits(GatewayConfig config) {
        this.limits = config.limits();
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseOversizedBodies(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return null;
        }
        if (length == null) {
            return refuseUnmeasuredBody(context, type.toLowerCase(Locale.ROOT));
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        long limit = limitFor(type.toLowerCase(Locale.ROOT), context.normalizedPath());
        if (bytes <= limit) {
            return null;
        }
        return ProblemMapper.respond(new Problem("urn:docsearch:problem:body-too-large", "Request body too large", 413,
                "The body has " + bytes + " bytes; at most " + limit + " are accepted for " + type.split(";")[0].strip()
                        + " here. Send large documents as files (POST /api/v1/documents/files) and many as a bulk job."));
    }

    /**
     * A JSON or text body sent in chunks, without its length, could only be measured by reading it whole: it must say
     * its length (411), as every HTTP/1.1 client does for a body it has in hand. Multipart streams to disk and is bounded
     * by quarkus.http.limits.max-body-size.
     */
    private static Response refuseUnmeasuredBody(RoutingContext context, String type) {
        boolean chunked = context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (!chunked || !(type.startsWith("application/json") || type.startsWith("text/"))) {
            return null;
        }
        return ProblemMapper.respond(new Problem("urn:docsearch:problem:length-required", "Length required", 411,
                "A JSON or text body needs its Content-Length; send it whole rather than in chunks, or as a file."));
    }

    private long limitFor(String type, String path) {
        if (type.startsWith("application/json")) {
            return path.endsWith("/batch") || path.equals("/api/v1/jobs") ? limits.batchJsonBytes() : limits.jsonBytes();
        }
        if (type.startsWith("text/")) {
            return limits.textBytes();
        }
        return Long.MAX_VALUE;
    }
}
