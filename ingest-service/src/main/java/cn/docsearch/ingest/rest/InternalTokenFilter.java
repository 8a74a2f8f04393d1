package cn.docsearch.ingest.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import cn.docsearch.contract.InternalToken;
import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.upload.WriteForwarder;
import io.vertx.ext.web.RoutingContext;

/**
 * With {@code ingest.internal-token} set, every request but health and the OpenAPI document (under /q/) must carry the
 * platform's shared token: only the gateway and the other instances can write or read here, not any process that
 * reaches the port.
 */
public class InternalTokenFilter {
    private static final Logger LOG = Logger.getLogger(InternalTokenFilter.class);

    /** Null when none is configured: then every request passes (a warning at start-up says so). */
    private final InternalToken expected;

    public InternalTokenFilter(IngestConfig config) {
        this.expected = config.internalToken().map(InternalToken::new).orElse(null);
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
        if (expected.admits(context.request().getHeader(InternalToken.HEADER))) {
            return null;
        }
        return ProblemMapper.respond(new Problem(WriteForwarder.PROBLEM_PREFIX + "internal-token-required", "Internal token required",
                401, "ingest-service answers the platform's own services only: send the shared token in "
                        + InternalToken.HEADER));
    }
}
