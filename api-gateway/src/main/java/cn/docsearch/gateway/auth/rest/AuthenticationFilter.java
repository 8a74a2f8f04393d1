package cn.docsearch.gateway.auth.rest;

import java.lang.reflect.Method;
import java.util.Locale;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.auth.Caller;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.service.ApiKeyService;
import cn.docsearch.gateway.auth.service.JwtAuthenticator;
import cn.docsearch.gateway.auth.service.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every API route needs a key (header {@value #API_KEY_HEADER}, or {@code Authorization: Bearer}) or, where configured,
 * an identity provider's token ({@code Authorization: Bearer}, see {@link JwtAuthenticator}) whose role includes the
 * route's {@link RequiredRole}, within the caller's rate: 401, 403 and 429 problems otherwise. Health, metrics,
 * OpenAPI, Swagger UI and the search page's files are not API routes and stay open.
 */
public class AuthenticationFilter {
    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";
    private static final String TYPE_PREFIX = "urn:docsearch:problem:";
    private static final String UNAUTHENTICATED = "unauthenticated";
    private static final String INVALID_API_KEY = "invalid-api-key";
    private static final String INVALID_TOKEN = "invalid-token";
    private static final String FORBIDDEN = "forbidden";
    private static final String RATE_LIMITED = "rate-limited";

    private final ApiKeyService keys;
    private final JwtAuthenticator tokens;
    private final RateLimiter rateLimiter;
    private final CurrentCaller currentCaller;
    private final MeterRegistry registry;

    public AuthenticationFilter(ApiKeyService keys, JwtAuthenticator tokens, RateLimiter rateLimiter,
                                CurrentCaller currentCaller, MeterRegistry registry) {
        this.registry = registry;
        this.keys = keys;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.currentCaller = currentCaller;
    }

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request, ResourceInfo resource) {
        String secret = presentedSecret(request);
        if (secret == null) {
            return unauthenticated(UNAUTHENTICATED, "Send an API key in the " + API_KEY_HEADER
                    + " header or as 'Authorization: Bearer <key>'; an admin creates keys with POST /api/v1/admin/keys");
        }
        boolean token = tokens.enabled() && JwtAuthenticator.looksLikeToken(secret);
        ApiKeyService.Authentication authentication = token ? tokens.authenticate(secret) : keys.authenticate(secret);
        if (authentication instanceof ApiKeyService.Refused refused) {
            return unauthenticated(token ? INVALID_TOKEN : INVALID_API_KEY, refused.reason());
        }
        if (!(authentication instanceof ApiKeyService.Authenticated authenticated)) {
            return respond(ApiKeyService.STARTING).header("Retry-After", "5").build();
        }
        Caller caller = authenticated.caller();
        // known from here on, also to the audit trail of a refusal below
        currentCaller.set(caller);
        Role required = requiredRole(resource);
        if (!caller.role().includes(required)) {
            count(FORBIDDEN);
            return respond(new Problem(TYPE_PREFIX + FORBIDDEN, "Forbidden", 403,
                    "This needs the role " + required.wireName() + "; the key has the role " + caller.role().wireName()))
                    .build();
        }
        long retryAfter = rateLimiter.acquire(caller);
        if (retryAfter > 0) {
            count(RATE_LIMITED);
            return respond(new Problem(TYPE_PREFIX + RATE_LIMITED, "Too many requests", 429,
                    "The key may send " + caller.requestsPerSecond() + " requests per second, "
                            + caller.burst() + " at once; try again in "
                            + retryAfter + " s")).header("Retry-After", Long.toString(retryAfter)).build();
        }
        return null;
    }

    /** The route's role: on its method, else on its class, else admin (a route nobody declared is not opened). */
    static Role requiredRole(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        RequiredRole declared = method == null ? null : method.getAnnotation(RequiredRole.class);
        if (declared == null && resource.getResourceClass() != null) {
            declared = resource.getResourceClass().getAnnotation(RequiredRole.class);
        }
        return declared == null ? Role.ADMIN : declared.value();
    }

    private static String presentedSecret(ContainerRequestContext request) {
        String key = request.getHeaderString(API_KEY_HEADER);
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)
                && !authorization.substring(BEARER.length()).isBlank()) {
            return authorization.substring(BEARER.length()).strip();
        }
        return null;
    }

    /** Refusals at /q/metrics: docsearch_requests_refused_total by reason (rate-limit hits are reason rate-limited). */
    private void count(String reason) {
        Counter.builder("docsearch.requests.refused").description("Requests refused by the gateway's access control")
                .tag("reason", reason).register(registry).increment();
    }

    private Response unauthenticated(String type, String detail) {
        count(type);
        return respond(new Problem(TYPE_PREFIX + type, "Unauthorized", 401, detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"docsearch\"").build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
