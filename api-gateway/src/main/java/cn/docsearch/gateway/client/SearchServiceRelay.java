package cn.docsearch.gateway.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.contract.InternalToken;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.config.GatewayConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.parsetools.RecordParser;

/**
 * Relays search-service's reads (searches, documents, similar documents, duplicates, tokens, exports) for
 * {@link SearchService} as they are: status, content type and body bytes (an export's line by line as they arrive),
 * errors as {@link Downstream} words them. A request that comes in on
 * an event loop goes out, and its answer comes back, on that same event loop, over keep-alive connections of that
 * loop's own (an HTTP client per event loop, made on its first request). Through the REST client, whose pooled
 * connections belonged to whichever event loop opened them, a search crossed event loops four times (a wake-up of the
 * other loop each time), and the client's own request processing came on top (measured: docs/benchmarks.md). Public
 * Vert.x API (and its Mutiny binding, for a stream read as its reader asks) only.
 */
@ApplicationScoped
class SearchServiceRelay {
    private static final String SEARCH_SERVICE = "search-service";
    /** Connections per event loop: as many as relayed requests a loop has in flight, at most. */
    private static final int CONNECTIONS_PER_EVENT_LOOP = 64;

    private final Vertx vertx;
    private final URI searchService;
    private final boolean tls;
    /** The path of search-service's address without a trailing slash, to put before each request's path. */
    private final String basePath;
    private final long connectTimeoutMillis;
    private final long answerTimeoutMillis;
    private final Optional<String> internalToken;
    private final ObjectMapper objectMapper;
    private final Map<Thread, HttpClient> clientsByEventLoop = new ConcurrentHashMap<>();

    /** The REST client's settings for search-service, so that both ways of calling it have one address and timeouts. */
    SearchServiceRelay(Vertx vertx, GatewayConfig config, ObjectMapper objectMapper,
                       @ConfigProperty(name = "quarkus.rest-client.search-service.url") URI searchService,
                       @ConfigProperty(name = "quarkus.rest-client.search-service.connect-timeout")
                       long connectTimeoutMillis,
                       @ConfigProperty(name = "quarkus.rest-client.search-service.read-timeout")
                       long answerTimeoutMillis) {
        this.vertx = vertx;
        this.searchService = searchService;
        this.tls = "https".equalsIgnoreCase(searchService.getScheme());
        String path = searchService.getRawPath() == null ? "" : searchService.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.answerTimeoutMillis = answerTimeoutMillis;
        this.internalToken = config.internalToken();
        this.objectMapper = objectMapper;
    }

    private HttpClient newClient() {
        return vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                        .setConnectTimeout((int) connectTimeoutMillis),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_EVENT_LOOP));
    }

    /**
     * @param query parameters in order; null values are left out, and a list's values are sent as the parameter
     *              repeated ({@code tags=a&tags=b})
     */
    Uni<Response> get(String path, Map<String, ?> query) {
        return onEventLoop(request(path, query, "application/json"), this::send);
    }

    /**
     * A streamed answer of search-service (NDJSON) relayed a line at a time as it arrives, never held whole: each item
     * is one line without its line feed, read as the caller reads (the answer is paused while the caller is behind).
     * An answer that is not a stream (a problem) fails before any line, as {@link #get} fails; a caller that goes
     * away resets the request, so that search-service stops reading too.
     */
    Multi<byte[]> streamLines(String path, Map<String, ?> query) {
        return onEventLoop(request(path, query, "application/x-ndjson"), this::open)
                .onItem().transformToMulti(incoming -> RecordParser.newDelimited("\n",
                                io.vertx.mutiny.core.http.HttpClientResponse.newInstance(incoming)).toMulti()
                        .map(io.vertx.mutiny.core.buffer.Buffer::getBytes)
                        .onCancellation().invoke(() -> incoming.request().reset()));
    }

    private RequestOptions request(String path, Map<String, ?> query, String accept) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(searchService.getHost())
                .setPort(searchService.getPort() > 0 ? searchService.getPort() : tls ? 443 : 80)
                .setSsl(tls)
                .setURI(pathAndQuery(path, query))
                .setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(answerTimeoutMillis)
                .putHeader(HttpHeaderNames.ACCEPT, accept);
        internalToken.ifPresent(token -> request.putHeader(InternalToken.HEADER, token));
        return request;
    }

    private <T> Uni<T> onEventLoop(RequestOptions request, Function<RequestOptions, Future<T>> exchange) {
        return Uni.createFrom().<T>emitter(emitter -> {
                    if (Context.isOnEventLoopThread()) {
                        exchange.apply(request).onComplete(done -> complete(emitter, done));
                    } else {
                        // made on a loop (the request's own, from a worker thread that carries its context), so that
                        // the body is asked for as the answer's head arrives, not later from this thread, when the
                        // loop may have read the whole answer already (and it would be lost)
                        vertx.getOrCreateContext().runOnContext(ignored -> exchange.apply(request)
                                .onComplete(done -> complete(emitter, done)));
                    }
                })
                .onFailure(failure -> !(failure instanceof DownstreamException))
                .transform(failure -> new DownstreamException(Downstream.unreachable(SEARCH_SERVICE, failure)));
    }

    /**
     * Sends with the client of the calling thread's event loop (a thread of a Vert.x worker context, which none of the
     * gateway's callers is, would have one of its own).
     */
    private Future<Response> send(RequestOptions request) {
        return client().request(request).compose(outgoing -> outgoing.send()
                .compose(incoming -> incoming.body().map(body -> {
                    int status = incoming.statusCode();
                    if (status < 300) {
                        return Response.status(status).type(incoming.getHeader(HttpHeaderNames.CONTENT_TYPE))
                                .entity(body).build();
                    }
                    throw problem(status, body);
                })));
    }

    /** The answer's head; a stream's body paused until it is read, a problem's read and thrown. */
    private Future<HttpClientResponse> open(RequestOptions request) {
        return client().request(request).compose(outgoing -> outgoing.send().compose(incoming -> {
            if (incoming.statusCode() < 300) {
                incoming.pause();
                return Future.succeededFuture(incoming);
            }
            return incoming.body().<HttpClientResponse>map(body -> {
                throw problem(incoming.statusCode(), body);
            });
        }));
    }

    private HttpClient client() {
        return clientsByEventLoop.computeIfAbsent(Thread.currentThread(), loop -> newClient());
    }

    private DownstreamException problem(int status, Buffer body) {
        return new DownstreamException(Downstream.problemOf(SEARCH_SERVICE, status, () -> readProblem(body.getBytes())));
    }

    private static <T> void complete(UniEmitter<? super T> emitter, AsyncResult<T> done) {
        if (done.succeeded()) {
            emitter.complete(done.result());
        } else {
            emitter.fail(done.cause());
        }
    }

    private String pathAndQuery(String path, Map<String, ?> query) {
        StringBuilder uri = new StringBuilder(basePath).append(path);
        char separator = '?';
        for (Map.Entry<String, ?> parameter : query.entrySet()) {
            List<?> values = parameter.getValue() instanceof List<?> list ? list
                    : parameter.getValue() == null ? List.of() : List.of(parameter.getValue());
            for (Object value : values) {
                uri.append(separator).append(encode(parameter.getKey())).append('=').append(encode(value.toString()));
                separator = '&';
            }
        }
        return uri.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Problem readProblem(byte[] body) {
        try {
            return objectMapper.readValue(body, Problem.class);
        } catch (Exception e) {
            return null;
        }
    }

    /** A path segment (a document id), encoded for {@link #get}. */
    static String segment(String value) {
        return encode(value);
    }

    /** Query parameters in the order given, for {@link #get}. */
    static Map<String, Object> parameters(Object... namesAndValues) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    @PreDestroy
    void close() {
        clientsByEventLoop.values().forEach(HttpClient::close);
    }
}
