package cn.docsearch.search.index;

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
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;

/**
 * A node that accepts connections and never answers (hung, stopped with SIGSTOP, or behind a black-holing proxy):
 * searches give up after the query timeout, while the client they share keeps the long write timeout.
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
            ElasticsearchClient writes = ElasticsearchClientProducer.build(
                    List.of("http://127.0.0.1:" + hungNode.getLocalPort()), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(60),
                    new ObjectMapper(), NoopInstrumentation.INSTANCE);
            ElasticsearchClient queries = ElasticsearchClientProducer.withTimeout(writes, Duration.ofSeconds(5), Duration.ofSeconds(1));
            try {
                // far below the 60 s write timeout: only the query timeout can end the call this early
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(
                        () -> queries.search(s -> s.index("documents").q("乡村振兴"), Object.class))
                        .isInstanceOf(SocketTimeoutException.class));
            } finally {
                writes._transport().close();
                for (Socket socket : new ArrayList<>(held)) {
                    socket.close();
                }
            }
        }
    }
}
