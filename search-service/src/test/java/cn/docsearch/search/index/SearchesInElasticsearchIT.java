package cn.docsearch.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.docsearch.search.InfrastructureTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;

/**
 * The keyword stage learns of searches other instances sent (compose runs {@code query} and {@code index} as services
 * of their own) from Elasticsearch's search pool: a search sent by another client is seen while it runs, and none once
 * they have ended.
 */
@QuarkusTest
@WithTestResource(InfrastructureTestResource.class)
class SearchesInElasticsearchIT {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    /**
     * Regular expressions that each walk the whole term dictionary: a slow search without scripts, which the test
     * cluster cannot run (no Painless).
     */
    private static final List<String> SLOW_PATTERNS = IntStream.range(0, 20)
            .mapToObj(n -> ".*" + (char) ('a' + n % 26) + ".*" + (char) ('b' + n % 25) + ".*[k-z].*[a-j]").toList();

    @Inject
    SearchesInElasticsearch searchesInElasticsearch;
    @Inject
    ElasticsearchClient client;

    private final String index = "searches-in-elasticsearch-" + UUID.randomUUID();

    @BeforeEach
    void documents() throws Exception {
        client.indices().create(c -> c.index(index).settings(s -> s.numberOfShards("1").numberOfReplicas("0")));
        // 120,000 different words of 12 letters
        Random random = new Random(28);
        List<BulkOperation> writes = IntStream.range(0, 3000).mapToObj(n -> BulkOperation.of(op -> op.index(i -> i
                .index(index).id(Integer.toString(n)).document(Map.of("words", words(random, 40)))))).toList();
        assertThat(client.bulk(b -> b.operations(writes).refresh(Refresh.True)).errors()).isFalse();
    }

    @AfterEach
    void deleteIndex() throws Exception {
        client.indices().delete(d -> d.index(index));
    }

    @Test
    void aSearchOfAnotherClientIsSeenWhileItRunsAndNoneOnceItEnded() throws Exception {
        // slow searches (about half a second each here), one after another, until one is seen or ten seconds are over
        AtomicBoolean seen = new AtomicBoolean();
        long searchUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        CompletableFuture<Void> slowSearches = CompletableFuture.runAsync(() -> {
            while (!seen.get() && System.nanoTime() < searchUntil) {
                slowSearch();
            }
        });
        while (!slowSearches.isDone()) {
            if (searchesInElasticsearch.running(ANSWER_WITHIN)) {
                seen.set(true);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        slowSearches.get();
        assertThat(seen).as("seen while a slow search ran").isTrue();

        long idleBy = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean idle = false;
        while (!idle && System.nanoTime() < idleBy) {
            idle = !searchesInElasticsearch.running(ANSWER_WITHIN);
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertThat(idle).as("no search seen once they ended").isTrue();
    }

    private void slowSearch() {
        try {
            List<Query> patterns = SLOW_PATTERNS.stream()
                    .map(pattern -> Query.of(r -> r.regexp(x -> x.field("words").value(pattern)))).toList();
            client.search(s -> s.index(index).size(1).query(q -> q.bool(b -> b.should(patterns))), Void.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String words(Random random, int count) {
        StringBuilder words = new StringBuilder();
        for (int word = 0; word < count; word++) {
            for (int letter = 0; letter < 12; letter++) {
                words.append((char) ('a' + random.nextInt(26)));
            }
            words.append(' ');
        }
        return words.toString();
    }
}
