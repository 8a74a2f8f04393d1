package cn.docsearch.search.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import cn.docsearch.search.config.SearchConfig;
import io.vertx.ext.web.RoutingContext;

/**
 * With {@code search.internal-token} set, every request but health and the OpenAPI document (under /q/) must carry the
 * platform's shared token: only the gateway can search, read or rebuild here, not any process that reaches the port.
 */
public class InternalTokenFilter {
    static final String HEADER = "X-Docsearch-Internal-Token";
    private static final Logger LOG = Logger.getLogger(InternalTokenFilter.class);

    private final byte[] expected;

    public InternalTokenFilter(SearchConfig config) {
        this.expected = config.internalToken().map(token -> token.getBytes(StandardCharsets.UTF_8)).orElse(null);
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
        String token = context.request().getHeader(HEADER);
        if (token != null && MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return ProblemMapper.problem(401, "internal-token-required", "Internal token required",
                "search-service answers the platform's own services only: send the shared token in " + HEADER);
    }
}
