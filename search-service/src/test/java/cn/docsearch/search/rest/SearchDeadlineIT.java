package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A search answers within {@code search.deadline} whatever Elasticsearch does (issue 28): here a node that takes
 * connections and never answers, so that each request would wait its whole query timeout (raised to 30 s here) and a
 * search would outlast the gateway's 10 s. search-service answers 503 {@code search-unavailable} at the
 * deadline instead, in every mode, and the gateway never times out first.
 */
@QuarkusTest
@TestProfile(SearchDeadlineIT.HungElasticsearch.class)
class SearchDeadlineIT {
    private static final List<Socket> HELD = new CopyOnWriteArrayList<>();

    public static class HungElasticsearch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(TestInfrastructure.start(Set.of(LocalPlatform.Component.KAFKA))
                    .kafkaServiceConfig());
            config.put("search.elasticsearch.hosts", "http://127.0.0.1:" + hungNode());
            config.put("search.deadline", "1s");
            // far above the deadline, so that a search that waited for it instead could not pass for one that met the
            // deadline on a slow first request
            config.put("search.elasticsearch.query-timeout", "30s");
            config.put("search.index.alias", "deadline");
            config.put("search.consumer.group-id", "search-deadline");
            config.put("search.embedding.group-id", "search-deadline-embedder");
            return config;
        }
    }

    /** A port that takes connections and never answers on them. */
    private static int hungNode() {
        try {
            ServerSocket node = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        HELD.add(node.accept());
                    }
                } catch (IOException closed) {
                    // the JVM is ending
                }
            }, "hung-elasticsearch");
            acceptor.setDaemon(true);
            acceptor.start();
            return node.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSearchAnswersAtTheDeadlineInEveryMode() {
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            long started = System.nanoTime();
            given().queryParam("q", "防汛抗旱").queryParam("mode", mode).get("/search").then().statusCode(503)
                    .contentType("application/problem+json").body("type", equalTo("urn:docsearch:problem:search-unavailable"))
                    .body("detail", containsString("did not finish within 1000 ms"));
            // the deadline, not one request's 30 s query timeout, and before the gateway's 10 s
            assertThat((System.nanoTime() - started) / 1_000_000).as(mode).isLessThan(10_000);
        }
    }
}
