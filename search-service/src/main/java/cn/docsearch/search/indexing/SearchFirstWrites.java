package cn.docsearch.search.indexing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import cn.docsearch.search.index.TransientIndexingException;
import cn.docsearch.search.scheduling.SearchesInFlight;
import io.micrometer.core.instrument.Timer;

/**
 * A batch written in slices, each once this instance's searches in flight have finished (or after a bound): on shared
 * cores Elasticsearch then writes at most one slice while a search's requests wait for the cores, where a bulk of a
 * whole batch (1,000 events) kept one of them for seconds. The time the writes stood aside is a timer of the stage's
 * ({@code docsearch_indexing_yielded_seconds}): how much searches slow intake.
 */
final class SearchFirstWrites {
    /** The write of one slice; what it returns (the writes Elasticsearch refused) is gathered over the slices. */
    interface SliceWrite<T, R> {
        List<R> write(List<T> slice) throws TransientIndexingException;
    }

    private final SearchesInFlight searches;
    private final int sliceSize;
    private final Duration yieldToSearches;
    private final Timer yielded;

    SearchFirstWrites(SearchesInFlight searches, int sliceSize, Duration yieldToSearches, Timer yielded) {
        if (sliceSize < 1) {
            throw new IllegalArgumentException("A slice holds at least one write, not " + sliceSize);
        }
        this.searches = searches;
        this.sliceSize = sliceSize;
        this.yieldToSearches = yieldToSearches;
        this.yielded = yielded;
    }

    /** Stops at the first slice that fails: the batch is written again, and what was written is then no news. */
    <T, R> List<R> write(List<T> batch, SliceWrite<T, R> sliceWrite)
            throws TransientIndexingException, InterruptedException {
        List<R> results = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += sliceSize) {
            long waitFrom = System.nanoTime();
            searches.awaitNone(yieldToSearches);
            yielded.record(System.nanoTime() - waitFrom, TimeUnit.NANOSECONDS);
            results.addAll(sliceWrite.write(batch.subList(from, Math.min(batch.size(), from + sliceSize))));
        }
        return results;
    }
}
