package cn.docsearch.gateway.rest;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.gateway.api.Problem;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.Deployment;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problems for what the HTTP server refuses before any resource runs, which Quarkus and Vert.x answer with an empty
 * body: an origin CORS refuses (403), a Content-Length over quarkus.http.limits.max-body-size (413), a request-target
 * no route has ({@code *}, 404), and malformed HTTP that Netty's decoder refuses (request line or headers past
 * quarkus.http.limits.*: 414, 431; control characters in header values, a negative Content-Length, chunked with a
 * Content-Length: 400).
 */
@ApplicationScoped
public class HttpServerProblems {
    private static final Logger LOG = Logger.getLogger(HttpServerProblems.class);
    private static final String TYPE_PREFIX = "urn:docsearch:problem:";
    /** Quarkus' CORS filter is a route of order -300 (its priority), its body-size check one of order -2. */
    private static final int BEFORE_CORS = -301;
    private static final int BEFORE_BODY_SIZE_CHECK = -3;
    /** What answers an address nothing is at, here and in ProblemMapper. */
    static final Problem NOT_FOUND = new Problem(TYPE_PREFIX + "not-found", "Not found", 404,
            "Nothing is at this address; the API is under /api/v1 (see /q/openapi)");
    private static final String WEB_DEPLOYMENT_VERTICLE = "io.quarkus.vertx.http.runtime.VertxHttpRecorder$WebDeploymentVerticle";

    private final ObjectMapper objectMapper;
    private final Vertx vertx;
    private final boolean corsEnabled;
    private final List<String> allowedOrigins;
    private final List<Pattern> allowedOriginPatterns;
    private final Optional<MemorySize> maxBodySize;
    private final AtomicBoolean installed = new AtomicBoolean();

    public HttpServerProblems(ObjectMapper objectMapper, Vertx vertx,
                              @ConfigProperty(name = "quarkus.http.cors.enabled", defaultValue = "false") boolean corsEnabled,
                              @ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> origins,
                              @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.objectMapper = objectMapper;
        this.vertx = vertx;
        this.corsEnabled = corsEnabled;
        // as Quarkus' CORS filter reads them: "*" for any, /regex/, or an origin as it is
        this.allowedOrigins = origins.orElse(List.of()).stream().map(String::strip).toList();
        this.allowedOriginPatterns = allowedOrigins.stream()
                .filter(origin -> origin.length() > 2 && origin.startsWith("/") && origin.endsWith("/"))
                .map(origin -> Pattern.compile(origin.substring(1, origin.length() - 1))).toList();
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        if (corsEnabled) {
            router.route().order(BEFORE_CORS).handler(this::refuseOtherOrigins);
        }
        maxBodySize.ifPresent(limit -> router.route().order(BEFORE_BODY_SIZE_CHECK)
                .handler(context -> refuseBodiesOver(context, limit.asLongValue())));
        // a failure with a status and no exception (a request-target of "*" is failed 404 before any route runs),
        // which Quarkus' own failure handler answers with an empty body
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.failure() != null || context.response().ended()) {
                context.next();
                return;
            }
            respond(context.response(), statusProblem(context.statusCode(), context.request()));
        });
    }

    private static Problem statusProblem(int status, HttpServerRequest request) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> new Problem(TYPE_PREFIX + "method-not-allowed", "Method not allowed", 405,
                    "This address does not take the method " + request.method());
            case 400 -> malformed("The request could not be read");
            default -> status >= 400 && status < 600
                    ? new Problem(TYPE_PREFIX + "http-" + status, "HTTP " + status, status, "The request was refused")
                    : new Problem(TYPE_PREFIX + "internal-error", "Internal error", 500, "The gateway failed to answer");
        };
    }

    /**
     * The decision of Quarkus' CORS filter for an origin, made first so that a refusal is a problem: an origin is
     * allowed when it is the gateway's own, or one of quarkus.http.cors.origins.
     */
    private void refuseOtherOrigins(RoutingContext context) {
        String origin = context.request().getHeader(HttpHeaderNames.ORIGIN);
        if (origin == null || isAllowed(origin, context.request())) {
            context.next();
            return;
        }
        respond(context.response(), new Problem(TYPE_PREFIX + "origin-not-allowed", "Origin not allowed", 403,
                "Pages of origin '" + abbreviated(origin) + "' may not call this API; it answers its own origin and "
                        + "those it is configured for"));
    }

    private boolean isAllowed(String origin, HttpServerRequest request) {
        if (allowedOrigins.contains("*") || allowedOrigins.contains("/.*/") || allowedOrigins.contains(origin)
                || allowedOriginPatterns.stream().anyMatch(pattern -> pattern.matcher(origin).matches())) {
            return true;
        }
        String host = request.getHeader(HttpHeaderNames.HOST);
        return host != null && sameOrigin(origin, request.scheme(), host);
    }

    /** Whether the origin is scheme://host[:port] of this request, a default port written or not. */
    static boolean sameOrigin(String origin, String scheme, String host) {
        String defaultPort = "https".equals(scheme) ? ":443" : ":80";
        String own = (scheme + "://" + host).toLowerCase(Locale.ROOT);
        String given = origin.toLowerCase(Locale.ROOT);
        return given.equals(own) || given.equals(own + defaultPort) || (given + defaultPort).equals(own);
    }

    /** As Quarkus' own check does (413, connection closed), with a problem. */
    private void refuseBodiesOver(RoutingContext context, long limit) {
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared <= limit) {
            context.next();
            return;
        }
        context.response().putHeader(HttpHeaderNames.CONNECTION, "close");
        respond(context.response(), new Problem(TYPE_PREFIX + "body-too-large", "Body too large", 413,
                "The body's Content-Length of " + declared + " bytes is over the " + limit
                        + " bytes the API takes in one request; send large collections as several requests"));
    }

    /**
     * Netty's decoder refuses malformed HTTP before a route exists, and Vert.x answers it with its invalid-request
     * handler, which Quarkus 3.33 offers no way to set (quarkusio/quarkus#55082). It is set here on the servers Quarkus
     * started, once they listen (the deployment of its HTTP verticles is complete); should Vert.x or Quarkus change
     * their internals, Vert.x' bare answers stay and a warning says so (ProtocolErrorsIT fails then).
     */
    void start(@Observes StartupEvent event) {
        long[] timer = new long[1];
        long started = System.nanoTime();
        timer[0] = vertx.setPeriodic(100, tick -> {
            if (installInvalidRequestHandler() || System.nanoTime() - started > 60_000_000_000L) {
                vertx.cancelTimer(timer[0]);
                if (!installed.get()) {
                    LOG.warn("Malformed HTTP is answered with Vert.x' bare statuses: its HTTP servers were not found");
                }
            }
        });
    }

    private boolean installInvalidRequestHandler() {
        VertxInternal internal = (VertxInternal) vertx;
        int servers = 0;
        try {
            for (String id : vertx.deploymentIDs()) {
                Deployment deployment = internal.getDeployment(id);
                if (deployment == null) {
                    continue;
                }
                for (Object verticle : deployment.getVerticles()) {
                    if (!verticle.getClass().getName().equals(WEB_DEPLOYMENT_VERTICLE)) {
                        continue;
                    }
                    for (String serverField : List.of("httpServer", "httpsServer")) {
                        Object server = read(verticle, verticle.getClass(), serverField);
                        if (server != null) {
                            Object worker = read(server, io.vertx.core.net.impl.TCPServerBase.class, "childHandler");
                            Object connections = read(worker, worker.getClass(), "connectionHandler");
                            Field invalid = connections.getClass().getDeclaredField("invalidRequestHandler");
                            invalid.setAccessible(true);
                            invalid.set(connections, (Handler<HttpServerRequest>) this::answerInvalidRequest);
                            servers++;
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Malformed HTTP is answered with Vert.x' bare statuses: %s", e.toString());
            return true;
        }
        if (servers > 0) {
            installed.set(true);
            LOG.debugf("Malformed HTTP answered with problems on %d HTTP servers", servers);
        }
        return servers > 0;
    }

    private static Object read(Object target, Class<?> declaring, String name) throws ReflectiveOperationException {
        Field field = declaring.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    /** What Vert.x' default handler answers (414, 431, 400 or a closed connection), as a problem. */
    private void answerInvalidRequest(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        Problem problem;
        String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        if (cause instanceof TooLongFrameException && message.startsWith("An HTTP line is larger than")) {
            problem = new Problem(TYPE_PREFIX + "uri-too-long", "URI too long", 414,
                    "The request line is longer than the server reads; send long texts in a request body");
        } else if (cause instanceof TooLongFrameException && message.startsWith("HTTP header is larger than")) {
            problem = new Problem(TYPE_PREFIX + "headers-too-large", "Request header fields too large", 431,
                    "The headers are larger than the server reads; at most " + RequestLineLimit.MAX_HEADER_BYTES
                            + " bytes are accepted");
        } else {
            problem = malformed("The request is not valid HTTP/1.1 (a header with a control character, an invalid "
                    + "Content-Length, Content-Length with chunked encoding, or the like)");
        }
        HttpServerResponse response = request.response();
        response.putHeader(HttpHeaderNames.CONNECTION, "close");
        respond(response, problem);
    }

    private static Problem malformed(String detail) {
        return new Problem(TYPE_PREFIX + "malformed-http", "Malformed HTTP", 400, detail);
    }

    private void respond(HttpServerResponse response, Problem problem) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        String body;
        try {
            body = objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
    }

    private static String abbreviated(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }
}
