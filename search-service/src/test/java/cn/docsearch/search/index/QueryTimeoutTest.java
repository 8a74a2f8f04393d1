package cn.docsearch.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import io.vertx.core.Vertx;

/**
 * A node that accepts connections and never answers (hung, stopped with SIGSTOP, or behind a black-holing proxy):
 * searches give up after the query timeout, blocking or not, while the write client keeps its long timeout.
 */
class QueryTimeoutTest {

    @Test
    void searchesGiveUpOnAHungNodeAfterTheQueryTimeoutNotTheWriteTimeout() throws Exception {
        try (ServerSocket hungNode = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(hungNode.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<String> hosts = List.of("http://127.0.0.1:" + hungNode.getLocalPort());
            ElasticsearchClient writes = ElasticsearchClientProducer.build(hosts, Optional.empty(), Duration.ofSeconds(5),
                    Duration.ofSeconds(60), new ObjectMapper(), NoopInstrumentation.INSTANCE);
            Vertx vertx = Vertx.vertx();
            ElasticsearchTransport queryTransport = ElasticsearchClientProducer.queryTransport(new EventLoopHttpClient(vertx,
                    hosts, Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(1)), new ObjectMapper(),
                    NoopInstrumentation.INSTANCE);
            ElasticsearchClient queries = new ElasticsearchClient(queryTransport);
            ElasticsearchAsyncClient asyncQueries = new ElasticsearchAsyncClient(queryTransport);
            try {
                // far below the 60 s write timeout: only the query timeout can end the call this early
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(
                        () -> queries.search(s -> s.index("documents").q("乡村振兴"), Object.class))
                        .isInstanceOf(SocketTimeoutException.class));
                // as a keyword search makes it: from an event loop, answered there
                CompletableFuture<Object> onEventLoop = new CompletableFuture<>();
                vertx.runOnContext(ignored -> asyncQueries.search(s -> s.index("documents").q("乡村振兴"), Object.class)
                        .whenComplete((answer, failure) -> onEventLoop.complete(failure)));
                assertThat(onEventLoop.get(20, TimeUnit.SECONDS)).isInstanceOf(SocketTimeoutException.class);
                // a blocking call there would wait for the loop it holds: refused at once
                CompletableFuture<Object> blockingOnEventLoop = new CompletableFuture<>();
                vertx.runOnContext(ignored -> {
                    try {
                        blockingOnEventLoop.complete(queries.search(s -> s.index("documents").q("乡村振兴"), Object.class));
                    } catch (Exception | Error e) {
                        blockingOnEventLoop.complete(e);
                    }
                });
                assertThat(blockingOnEventLoop.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            } finally {
                writes._transport().close();
                queryTransport.close();
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                for (Socket socket : new ArrayList<>(held)) {
                    socket.close();
                }
            }
        }
    }
}
