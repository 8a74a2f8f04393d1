package cn.docsearch.search.rest;

import java.util.Locale;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import cn.docsearch.search.config.SearchConfig;
import io.vertx.ext.web.RoutingContext;

/**
 * An instance without the {@code query} role answers nothing but health, metrics and the OpenAPI document (under
 * /q/): a search sent to an indexing or embedding instance by mistake is told where it belongs, instead of loading
 * the model there or competing with the work the instance was given.
 */
public class QueryRoleFilter {
    private final boolean answersQueries;
    private final String roles;

    public QueryRoleFilter(SearchConfig config) {
        this.answersQueries = config.roles().contains(SearchConfig.Role.QUERY);
        this.roles = config.roles().toString().toLowerCase(Locale.ROOT);
    }

    /** After the internal token's check, so a caller without the token learns nothing of the instance's roles. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 1)
    public Response requireQueryRole(RoutingContext context) {
        if (answersQueries || context.normalizedPath().startsWith("/q/")) {
            return null;
        }
        return ProblemMapper.problem(421, "not-a-query-instance", "Not a query instance",
                "This search-service instance runs the roles " + roles + " (search.roles); searches and the admin API "
                        + "are answered by instances with the query role");
    }
}
