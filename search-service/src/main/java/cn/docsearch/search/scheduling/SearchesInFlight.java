package cn.docsearch.search.scheduling;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The searches this instance is answering, so that passage embedding and the keyword stage's writes step aside for
 * them: on shared cores the passage threads and Elasticsearch's indexing would otherwise take the CPU a search's query
 * vector, Elasticsearch's search work and the fusion need.
 */
@ApplicationScoped
public class SearchesInFlight {
    private int running;

    /** One search, counted from {@link #begin} until its first {@link #end}. */
    public final class Search {
        private final AtomicBoolean ended = new AtomicBoolean();

        private Search() {
        }

        /** Ends the search; a second call (a cancel arriving after the answer) counts nothing. */
        public void end() {
            if (ended.compareAndSet(false, true)) {
                ended();
            }
        }
    }

    public synchronized Search begin() {
        running++;
        return new Search();
    }

    private synchronized void ended() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    /**
     * Returns once no search is running, or after {@code atMost}: a steady stream of searches never starves the
     * passages.
     */
    public synchronized void awaitNone(Duration atMost) throws InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        while (running > 0) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
