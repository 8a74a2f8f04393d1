package cn.docsearch.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import io.vertx.core.Vertx;

/**
 * The query client against a stand-in node that answers as Elasticsearch does: what it sends, that every answer is
 * read whole from any thread, that an event loop's search is answered on that loop, and that errors keep their type.
 */
class EventLoopHttpClientTest {
    private static final String HIT = "{\"_index\":\"documents-v5\",\"_id\":\"d1\",\"_score\":1.5,"
            + "\"_source\":{\"title\":\"关于乡村振兴的报告\"}}";
    private static final String ONE_HIT = "{\"took\":1,\"timed_out\":false,\"_shards\":{\"total\":1,\"successful\":1,"
            + "\"skipped\":0,\"failed\":0},\"hits\":{\"total\":{\"value\":1,\"relation\":\"eq\"},\"max_score\":1.5,"
            + "\"hits\":[" + HIT + "]}}";
    private static final Map<String, String> LAST_REQUEST = new ConcurrentHashMap<>();

    private static HttpServer node;
    private static ExecutorService nodeThreads;
    private static Vertx vertx;
    private static ElasticsearchTransport transport;

    @BeforeAll
    static void start() throws IOException {
        nodeThreads = Executors.newFixedThreadPool(4);
        node = standInNode(0);
        vertx = Vertx.vertx();
        transport = ElasticsearchClientProducer.queryTransport(new EventLoopHttpClient(vertx,
                List.of("http://127.0.0.1:" + node.getAddress().getPort()), Optional.of("Basic ZG9jc2VhcmNoOnNlY3JldA=="),
                Duration.ofSeconds(5), Duration.ofSeconds(5)), new ObjectMapper(), NoopInstrumentation.INSTANCE);
    }

    @AfterAll
    static void stop() throws Exception {
        transport.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        node.stop(0);
        nodeThreads.shutdownNow();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        LAST_REQUEST.put("path", exchange.getRequestURI().getRawPath());
        LAST_REQUEST.put("query", String.valueOf(exchange.getRequestURI().getRawQuery()));
        LAST_REQUEST.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        LAST_REQUEST.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        LAST_REQUEST.put("contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        boolean broken = exchange.getRequestURI().getPath().startsWith("/broken");
        String body = broken
                ? "{\"error\":{\"type\":\"parsing_exception\",\"reason\":\"unknown query [nope]\"},\"status\":400}"
                : ONE_HIT;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.elasticsearch+json;compatible-with=8");
            exchange.getResponseHeaders().set("X-Elastic-Product", "Elasticsearch");
            exchange.sendResponseHeaders(broken ? 400 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Test
    void everyAnswerIsReadWholeOnAnyThreadWithTheLoginAndParametersSent() throws Exception {
        ElasticsearchClient client = new ElasticsearchClient(transport);
        // worker threads' requests are answered on event loops, over connections they share; an answer must never
        // arrive without its body (it did, now and then, when each thread's requests were made on a loop of its own)
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            List<Future<SearchResponse<Map>>> responses = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                responses.add(workers.submit(() -> client.search(s -> s.index("documents").q("乡村振兴"), Map.class)));
            }
            for (Future<SearchResponse<Map>> response : responses) {
                assertThat(response.get(30, TimeUnit.SECONDS).hits().hits()).singleElement().satisfies(hit -> {
                    assertThat(hit.id()).isEqualTo("d1");
                    assertThat(hit.source()).containsEntry("title", "关于乡村振兴的报告");
                });
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(LAST_REQUEST).containsEntry("path", "/documents/_search")
                .containsEntry("authorization", "Basic ZG9jc2VhcmNoOnNlY3JldA==");
        assertThat(LAST_REQUEST.get("query")).contains("q=%E4%B9%A1%E6%9D%91%E6%8C%AF%E5%85%B4").contains("typed_keys=true");
    }

    @Test
    void aSearchMadeOnAnEventLoopIsAnsweredOnThatLoop() throws Exception {
        ElasticsearchAsyncClient client = new ElasticsearchAsyncClient(transport);
        CompletableFuture<List<String>> threads = new CompletableFuture<>();
        vertx.runOnContext(ignored -> {
            String caller = Thread.currentThread().getName();
            client.search(s -> s.index("documents").q("报告"), Map.class).whenComplete((response, failure) -> {
                if (failure != null) {
                    threads.completeExceptionally(failure);
                } else {
                    threads.complete(List.of(caller, Thread.currentThread().getName(), response.hits().hits().get(0).id()));
                }
            });
        });
        List<String> seen = threads.get(10, TimeUnit.SECONDS);
        assertThat(seen.get(0)).startsWith("vert.x-eventloop-thread");
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(2)).isEqualTo("d1");
    }

    @Test
    void aQueryGoesAsItsJsonBodyAndANodeThatCannotBeReachedPassesItOn() throws Exception {
        int deadPort;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = closed.getLocalPort();
        }
        ElasticsearchTransport twoNodes = ElasticsearchClientProducer.queryTransport(new EventLoopHttpClient(vertx,
                List.of("http://127.0.0.1:" + deadPort, "http://127.0.0.1:" + node.getAddress().getPort()), Optional.empty(),
                Duration.ofSeconds(5), Duration.ofSeconds(5)), new ObjectMapper(), NoopInstrumentation.INSTANCE);
        try {
            ElasticsearchClient client = new ElasticsearchClient(twoNodes);
            // every other request goes to the dead node first: none may fail
            for (int i = 0; i < 4; i++) {
                assertThat(client.search(s -> s.index("documents").query(q -> q.match(m -> m.field("title").query("乡村振兴"))),
                        Map.class).hits().hits()).hasSize(1);
            }
            assertThat(LAST_REQUEST.get("body")).contains("\"match\"").contains("\"title\"").contains("乡村振兴");
            assertThat(LAST_REQUEST.get("contentType")).startsWith("application/vnd.elasticsearch+json");
        } finally {
            twoNodes.close();
        }
    }

    @Test
    void aNodeStartedAgainIsReadFromAtOnceOverNewConnections() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        HttpServer restarted = standInNode(port);
        ElasticsearchTransport oneNode = transportTo(port);
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            ElasticsearchClient client = new ElasticsearchClient(oneNode);
            // connections pooled on several loops, then the node goes away with them
            assertThat(searchesFrom(workers, client, 40)).isEqualTo(40);
            restarted.stop(0);
            assertThatThrownBy(() -> client.search(s -> s.index("documents").q("报告"), Map.class))
                    .isInstanceOf(IOException.class);
            restarted = standInNode(port);
            // no search may fail on a connection of the node's former life
            assertThat(searchesFrom(workers, client, 40)).isEqualTo(40);
        } finally {
            workers.shutdownNow();
            oneNode.close();
            restarted.stop(0);
        }
    }

    private static HttpServer standInNode(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        server.createContext("/", EventLoopHttpClientTest::answer);
        server.setExecutor(nodeThreads);
        server.start();
        return server;
    }

    /** How many of so many searches, from several threads at once, found the node's one hit. */
    private static int searchesFrom(ExecutorService workers, ElasticsearchClient client, int searches) throws Exception {
        List<Future<SearchResponse<Map>>> responses = new ArrayList<>();
        for (int i = 0; i < searches; i++) {
            responses.add(workers.submit(() -> client.search(s -> s.index("documents").q("报告"), Map.class)));
        }
        int found = 0;
        for (Future<SearchResponse<Map>> response : responses) {
            found += response.get(30, TimeUnit.SECONDS).hits().hits().size();
        }
        return found;
    }

    @Test
    void aReadWhoseConnectionTheNodeClosedIsSentOnceMoreOverAnother() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Future<?> closingNode = nodeThreads.submit(() -> closeThenAnswer(listener, 1, connections));
            ElasticsearchTransport oneNode = transportTo(listener.getLocalPort());
            try {
                assertThat(new ElasticsearchClient(oneNode).search(s -> s.index("documents").q("报告"), Map.class)
                        .hits().hits()).singleElement().satisfies(hit -> assertThat(hit.id()).isEqualTo("d1"));
                assertThat(connections).hasValue(2);
            } finally {
                oneNode.close();
                closingNode.cancel(true);
            }
        }
    }

    @Test
    void aNodeThatClosesEveryConnectionFailsTheReadAfterOneMoreTry() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Future<?> closingNode = nodeThreads.submit(() -> closeThenAnswer(listener, Integer.MAX_VALUE, connections));
            ElasticsearchTransport oneNode = transportTo(listener.getLocalPort());
            try {
                assertThatThrownBy(() -> new ElasticsearchClient(oneNode).search(s -> s.index("documents").q("报告"), Map.class))
                        .isInstanceOf(IOException.class);
                assertThat(connections).hasValue(2);
            } finally {
                oneNode.close();
                closingNode.cancel(true);
            }
        }
    }

    private static ElasticsearchTransport transportTo(int port) {
        return ElasticsearchClientProducer.queryTransport(new EventLoopHttpClient(vertx, List.of("http://127.0.0.1:" + port),
                Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(5)), new ObjectMapper(), NoopInstrumentation.INSTANCE);
    }

    /**
     * A node on a bare socket: reads each request whole, closes the first {@code closed} connections without an answer,
     * as a restarted node's kept-alive connections end, and answers the others with one hit.
     */
    private static Void closeThenAnswer(ServerSocket listener, int closed, AtomicInteger connections) throws IOException {
        while (true) {
            try (Socket connection = listener.accept()) {
                InputStream request = connection.getInputStream();
                String head = headOf(request);
                Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
                request.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
                if (connections.incrementAndGet() <= closed) {
                    continue;
                }
                byte[] body = ONE_HIT.getBytes(StandardCharsets.UTF_8);
                connection.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.elasticsearch+json;"
                        + "compatible-with=8\r\nX-Elastic-Product: Elasticsearch\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                connection.getOutputStream().write(body);
            }
        }
    }

    /** A request's line and headers, up to the empty line. */
    private static String headOf(InputStream request) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int next = request.read();
            if (next < 0) {
                throw new IOException("The request ended in its head");
            }
            head.append((char) next);
        }
        return head.toString();
    }

    @Test
    void anErrorOfTheNodeKeepsItsType() {
        ElasticsearchClient client = new ElasticsearchClient(transport);
        assertThatThrownBy(() -> client.search(s -> s.index("broken").q("报告"), Map.class))
                .isInstanceOfSatisfying(ElasticsearchException.class,
                        e -> assertThat(e.error().type()).isEqualTo("parsing_exception"));
    }
}
