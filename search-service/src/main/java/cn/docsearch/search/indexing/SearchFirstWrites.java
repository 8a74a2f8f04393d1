package cn.docsearch.search.indexing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import cn.docsearch.search.embedding.SearchesInFlight;
import cn.docsearch.search.index.TransientIndexingException;
import io.micrometer.core.instrument.Timer;

/**
 * A batch written in slices, each once the searches in flight have finished (or after a bound): on shared cores
 * Elasticsearch then writes at most one slice while a search's requests wait for the cores, where a bulk of a whole
 * batch (1,000 events) kept one of them for seconds. The searches are this instance's, from their start to their
 * answer, then whatever Elasticsearch's search pools run, for any instance. The time before each slice is a timer of
 * the stage's ({@code docsearch_indexing_yielded_seconds}): how much searches slow intake.
 */
final class SearchFirstWrites {
    /** How often Elasticsearch is asked again while its search pools are busy: a search's phases take tens of ms. */
    static final Duration ELASTICSEARCH_POLL = Duration.ofMillis(50);

    /** The write of one slice; what it returns (the writes Elasticsearch refused) is gathered over the slices. */
    interface SliceWrite<T, R> {
        List<R> write(List<T> slice) throws TransientIndexingException;
    }

    /** Whether Elasticsearch's search pools are busy, asked with how long the answer may take. */
    interface SearchPools {
        boolean busy(Duration atMost);
    }

    private final SearchesInFlight searches;
    private final SearchPools searchPools;
    private final int sliceSize;
    private final Duration yieldToSearches;
    private final Timer yielded;

    SearchFirstWrites(SearchesInFlight searches, SearchPools searchPools, int sliceSize, Duration yieldToSearches,
                      Timer yielded) {
        if (sliceSize < 1) {
            throw new IllegalArgumentException("A slice holds at least one write, not " + sliceSize);
        }
        this.searches = searches;
        this.searchPools = searchPools;
        this.sliceSize = sliceSize;
        this.yieldToSearches = yieldToSearches;
        this.yielded = yielded;
    }

    /** Stops at the first slice that fails: the batch is written again, and what was written is then no news. */
    <T, R> List<R> write(List<T> batch, SliceWrite<T, R> sliceWrite)
            throws TransientIndexingException, InterruptedException {
        List<R> results = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += sliceSize) {
            awaitSearches();
            results.addAll(sliceWrite.write(batch.subList(from, Math.min(batch.size(), from + sliceSize))));
        }
        return results;
    }

    /** Waits, at most the bound in all, for this instance's searches, then while Elasticsearch's search pools work. */
    private void awaitSearches() throws InterruptedException {
        long waitFrom = System.nanoTime();
        long until = waitFrom + yieldToSearches.toNanos();
        searches.awaitNone(yieldToSearches);
        long left;
        while ((left = until - System.nanoTime()) > 0 && searchPools.busy(Duration.ofNanos(left))) {
            TimeUnit.NANOSECONDS.sleep(Math.min(ELASTICSEARCH_POLL.toNanos(), until - System.nanoTime()));
        }
        yielded.record(System.nanoTime() - waitFrom, TimeUnit.NANOSECONDS);
    }
}
