package cn.docsearch.search.index;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.tracing.TracingPolicy;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.util.BinaryData;

/**
 * Elasticsearch's HTTP client for searches and reads, on Vert.x. A request made on an event loop is sent, and its answer
 * read, on that same event loop, over connections of that event loop's own: a keyword search crosses no thread between
 * the service's HTTP server and Elasticsearch. Through the Apache client of the write path, each search went from an
 * event loop to a worker thread, to the client's I/O thread and back twice, and those hand-offs and the client's own
 * request processing were about a third of search-service's CPU per search (measured, docs/benchmarks.md).
 * A blocking call ({@link #performRequest}) is for worker threads only.
 */
public class EventLoopHttpClient implements TransportHttpClient {
    /** Connections per event loop and node: as many as searches a loop has in flight, at most. */
    private static final int CONNECTIONS_PER_EVENT_LOOP = 32;

    private final Vertx vertx;
    private final List<Node> nodes;
    private final Optional<String> authorization;
    private final long connectTimeoutMillis;
    private final long answerTimeoutMillis;
    private final Map<Thread, HttpClient> clientsByEventLoop = new ConcurrentHashMap<>();
    private final HttpClient offLoopClient;
    /** Where requests of other threads are made and answered: a response is read whole on the loop it arrives on. */
    private final Context offLoopContext;
    private final AtomicInteger nextNode = new AtomicInteger();

    /**
     * @param answerTimeout how long a request may wait for any byte of Elasticsearch's answer: a hung node gives the
     *                      caller a {@link SocketTimeoutException}, as the Apache client does
     */
    public EventLoopHttpClient(Vertx vertx, List<String> hosts, Optional<String> authorization, Duration connectTimeout,
                               Duration answerTimeout) {
        this.vertx = vertx;
        this.nodes = hosts.stream().map(host -> new Node(URI.create(host))).toList();
        this.authorization = authorization;
        this.connectTimeoutMillis = connectTimeout.toMillis();
        this.answerTimeoutMillis = answerTimeout.toMillis();
        this.offLoopClient = newClient();
        // a context of no request's: built during a first request, getOrCreateContext would give that request's own
        this.offLoopContext = ((VertxInternal) vertx).createEventLoopContext();
    }

    private HttpClient newClient() {
        // the Elasticsearch client traces its own requests (with the index and query); a Vert.x span would double them
        return vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                        .setConnectTimeout((int) connectTimeoutMillis).setTracingPolicy(TracingPolicy.IGNORE),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_EVENT_LOOP));
    }

    @Override
    public Response performRequest(String endpointId, Node node, Request request, TransportOptions options)
            throws IOException {
        if (Context.isOnEventLoopThread()) {
            // the answer is read on this very loop, which would wait for itself
            throw new IllegalStateException("A blocking Elasticsearch request on an event loop; use the async client");
        }
        try {
            return performRequestAsync(endpointId, node, request, options).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for Elasticsearch", e);
        }
    }

    /**
     * Sends to the nodes in turn; a node that cannot be connected to (down, or refusing) passes the request on to the
     * next one, as the Apache client does, so one node down of several fails no read. A node that took the request
     * and did not answer in time is not asked again: the caller's wait is up. One whose connection closed under the
     * request is sent once more (see {@link #send}).
     */
    @Override
    public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                           TransportOptions options) {
        Buffer body = body(request.body());
        if (node != null) {
            return performRequestAsync(node, request, body, options);
        }
        int first = Math.floorMod(nextNode.getAndIncrement(), nodes.size());
        CompletableFuture<Response> answer = performRequestAsync(nodes.get(first), request, body, options);
        for (int i = 1; i < nodes.size(); i++) {
            Node next = nodes.get((first + i) % nodes.size());
            answer = answer.exceptionallyCompose(failure -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                // refused, or no connection within the connect timeout (Netty's ConnectTimeoutException is one too)
                return cause instanceof ConnectException ? performRequestAsync(next, request, body, options)
                        : CompletableFuture.failedFuture(cause);
            });
        }
        return answer;
    }

    private CompletableFuture<Response> performRequestAsync(Node target, Request request, Buffer body,
                                                            TransportOptions options) {
        URI uri = target.uri();
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        RequestOptions sent = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80)
                .setSsl(tls)
                .setURI(pathAndQuery(uri, request, options))
                .setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(answerTimeoutMillis);
        request.headers().forEach(sent::putHeader);
        options.headers().forEach(header -> sent.putHeader(header.getKey(), header.getValue()));
        authorization.ifPresent(value -> sent.putHeader(HttpHeaderNames.AUTHORIZATION, value));
        CompletableFuture<Response> answer = new CompletableFuture<>();
        if (Context.isOnEventLoopThread()) {
            HttpClient loopClient = clientsByEventLoop.computeIfAbsent(Thread.currentThread(), loop -> newClient());
            send(loopClient, sent, body, target, answer, true);
        } else {
            // made on a loop, so that the body is asked for as the answer's head arrives, not later from this thread,
            // when the loop may have read the whole answer already (and it would be lost: an empty body)
            offLoopContext.runOnContext(ignored -> send(offLoopClient, sent, body, target, answer, true));
        }
        return answer;
    }

    private static void send(HttpClient client, RequestOptions sent, Buffer body, Node target,
                             CompletableFuture<Response> answer, boolean firstTry) {
        client.request(sent)
                .compose(outgoing -> body == null ? outgoing.send() : outgoing.send(body))
                .compose(incoming -> incoming.body().map(bytes -> (Response) new Answer(target, incoming, bytes)))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        answer.complete(done.result());
                    } else if (firstTry && closedUnderTheRequest(done.cause())) {
                        // a kept-alive connection the node had closed (it restarted) can be taken from the pool before
                        // its close is read. Every request of this client is a read, so it goes once more, over another
                        // (a point in time opened twice leaves one to expire with its keep-alive)
                        send(client, sent, body, target, answer, false);
                    } else {
                        answer.completeExceptionally(asIOException(done.cause(), target.uri()));
                    }
                });
    }

    /**
     * The connection ended before the answer did: closed, or reset (a plain {@link SocketException}; its subclasses are
     * failures to reach the node, not sent to it again; one refused passes the request on to the next node). Not a
     * timeout.
     */
    private static boolean closedUnderTheRequest(Throwable failure) {
        return failure instanceof HttpClosedException || failure instanceof ClosedChannelException
                || failure.getClass() == SocketException.class;
    }

    private static String pathAndQuery(URI node, Request request, TransportOptions options) {
        StringBuilder uri = new StringBuilder(node.getRawPath() == null ? "" : stripTrailingSlash(node.getRawPath()))
                .append(request.path());
        char separator = '?';
        for (Map<String, String> parameters : List.of(request.queryParams(), options.queryParameters())) {
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                uri.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return uri.toString();
    }

    private static String stripTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Buffer body(Iterable<ByteBuffer> parts) {
        if (parts == null) {
            return null;
        }
        Buffer body = Buffer.buffer();
        for (ByteBuffer part : parts) {
            byte[] bytes = new byte[part.remaining()];
            part.duplicate().get(bytes);
            body.appendBytes(bytes);
        }
        return body;
    }

    /** As the Apache client reports them: a timeout as {@link SocketTimeoutException}, the rest as I/O failures. */
    private static IOException asIOException(Throwable failure, URI node) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure.getClass().getSimpleName().contains("Timeout")) {
            SocketTimeoutException timeout = new SocketTimeoutException(node + ": " + failure.getMessage());
            timeout.initCause(failure);
            return timeout;
        }
        if (failure.getCause() instanceof ConnectException connect) {
            return connect;
        }
        return new IOException(node + ": " + failure.getMessage(), failure);
    }

    @Override
    public void close() {
        clientsByEventLoop.values().forEach(HttpClient::close);
        offLoopClient.close();
    }

    /** Elasticsearch's answer, read whole (search answers are small: a page of hits). */
    private record Answer(Node node, HttpClientResponse response, Buffer bytes) implements Response {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public String header(String name) {
            return response.getHeader(name);
        }

        @Override
        public List<String> headers(String name) {
            return response.headers().getAll(name);
        }

        @Override
        public BinaryData body() {
            return BinaryData.of(bytes.getBytes(), response.getHeader(HttpHeaderNames.CONTENT_TYPE));
        }

        @Override
        public Object originalResponse() {
            return response;
        }

        @Override
        public void close() {
            // read whole already; the connection went back to its pool
        }
    }
}
