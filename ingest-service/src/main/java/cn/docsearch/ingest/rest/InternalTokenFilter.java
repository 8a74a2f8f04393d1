package cn.docsearch.ingest.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.service.WriteForwarder;
import io.vertx.ext.web.RoutingContext;

/**
 * With {@code ingest.internal-token} set, every request but health and the OpenAPI document (under /q/) must carry the
 * platform's shared token: only the gateway and the other instances can write or read here, not any process that
 * reaches the port.
 */
public class InternalTokenFilter {
    private static final Logger LOG = Logger.getLogger(InternalTokenFilter.class);

    private final byte[] expected;

    public InternalTokenFilter(IngestConfig config) {
        this.expected = config.internalToken().map(token -> token.getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (expected == null) {
            LOG.warn("ingest.internal-token is not set: anyone who reaches this port can write documents");
        }
    }

    @ServerRequestFilter(preMatching = true)
    public Response requireToken(RoutingContext context) {
        // the path as routing sees it: /q/../jobs is /jobs, and %2e%2e is no way around it either
        if (expected == null || context.normalizedPath().startsWith("/q/")) {
            return null;
        }
        String token = context.request().getHeader(IngestConfig.INTERNAL_TOKEN_HEADER);
        if (token != null && MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return ProblemMapper.respond(new Problem(WriteForwarder.PROBLEM_PREFIX + "internal-token-required", "Internal token required",
                401, "ingest-service answers the platform's own services only: send the shared token in "
                        + IngestConfig.INTERNAL_TOKEN_HEADER));
    }
}
