package cn.docsearch.search.index;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

/**
 * Whether Elasticsearch's search pools run or queue tasks now, on any node, whoever sent them: an instance counts only
 * its own searches ({@code SearchesInFlight}), and an {@code index} instance beside {@code query} instances answers
 * none; here it learns of theirs (and of any other task there: exports, counts, other clients of the cluster).
 */
@ApplicationScoped
public class SearchesInElasticsearch {
    private static final Logger LOG = Logger.getLogger(SearchesInElasticsearch.class);
    /** The query and fetch phases, counts and kNN run on "search"; since 8.12 its heavy part on "search_worker". */
    private static final List<String> SEARCH_POOLS = List.of("search", "search_worker");
    /** A failure to ask is logged this often at most: a stage asks before every slice it writes. */
    private static final Duration WARN_EVERY = Duration.ofMinutes(5);

    private final ElasticsearchClient client;
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY.toNanos());

    public SearchesInElasticsearch(ElasticsearchClient client) {
        this.client = client;
    }

    /**
     * @param atMost how long a node may take to answer
     * @return false too when Elasticsearch cannot say (no {@code monitor} privilege, a node away): this is advice a
     *         write is not held for, and the write finds out by itself whether Elasticsearch is there
     */
    public boolean running(Duration atMost) {
        try {
            return client.nodes().stats(s -> s.metric("thread_pool").timeout(t -> t.time(atMost.toMillis() + "ms")))
                    .nodes().values().stream()
                    .flatMap(node -> SEARCH_POOLS.stream().map(pool -> node.threadPool().get(pool)))
                    .filter(Objects::nonNull).anyMatch(pool -> count(pool.active()) + count(pool.queue()) > 0);
        } catch (IOException | RuntimeException e) {
            long now = System.nanoTime();
            long last = lastWarned.get();
            if (now - last >= WARN_EVERY.toNanos() && lastWarned.compareAndSet(last, now)) {
                LOG.warnf("Elasticsearch's search pools not read (%s): until they are, the keyword stage steps aside"
                        + " for this instance's searches only", e.toString());
            }
            return false;
        }
    }

    private static long count(Long tasks) {
        return tasks == null ? 0 : tasks;
    }
}
