package cn.docsearch.search.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import cn.docsearch.contract.InternalToken;
import cn.docsearch.search.config.SearchConfig;
import io.vertx.ext.web.RoutingContext;

/**
 * With {@code search.internal-token} set, every request but health and the OpenAPI document (under /q/) must carry the
 * platform's shared token: only the gateway can search, read or rebuild here, not any process that reaches the port.
 */
public class InternalTokenFilter {
    private static final Logger LOG = Logger.getLogger(InternalTokenFilter.class);

    /** Null when none is configured: then every request passes (a warning at start-up says so). */
    private final InternalToken expected;

    public InternalTokenFilter(SearchConfig config) {
        this.expected = config.internalToken().map(InternalToken::new).orElse(null);
        if (expected == null) {
            LOG.warn("search.internal-token is not set: anyone who reaches this port can search and rebuild the index");
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
        return ProblemMapper.problem(401, "internal-token-required", "Internal token required",
                "search-service answers the platform's own services only: send the shared token in " + InternalToken.HEADER);
    }
}
