package cn.docsearch.search.index;

import java.io.IOException;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;

/**
 * Whether Elasticsearch is running searches now, whichever instance sent them: the search thread pool's running and
 * queued tasks on every node. An instance counts only its own searches ({@code SearchesInFlight}); an {@code index}
 * instance beside {@code query} instances on the same cores (compose on one host) answers none, and learns of theirs
 * here.
 */
@ApplicationScoped
public class SearchesInElasticsearch {
    private static final Logger LOG = Logger.getLogger(SearchesInElasticsearch.class);
    /** The pool of the query and fetch phases; a count or a kNN search runs there too. */
    private static final String SEARCH_POOL = "search";

    private final ElasticsearchClient client;
    private volatile boolean refusalLogged;

    public SearchesInElasticsearch(ElasticsearchClient client) {
        this.client = client;
    }

    /** @return false too when Elasticsearch cannot say: the write that would wait finds out itself, and is retried */
    public boolean running() {
        try {
            return client.nodes().stats(s -> s.metric("thread_pool")).nodes().values().stream()
                    .map(node -> node.threadPool().get(SEARCH_POOL)).filter(Objects::nonNull)
                    .anyMatch(pool -> count(pool.active()) + count(pool.queue()) > 0);
        } catch (IOException e) {
            LOG.debugf("Searches in Elasticsearch unknown: %s", e.getMessage());
            return false;
        } catch (ElasticsearchException e) {
            // a user without the cluster privilege monitor: writes go on, and never wait for other instances' searches
            if (!refusalLogged) {
                refusalLogged = true;
                LOG.warnf("Elasticsearch does not tell its searches in flight (%s): the keyword stage steps aside for"
                        + " this instance's searches only", e.getMessage());
            }
            return false;
        }
    }

    private static long count(Long tasks) {
        return tasks == null ? 0 : tasks;
    }
}
