package cn.docsearch.search.embedding;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The searches this instance is answering, so that passage embedding steps aside for them: on shared cores the
 * passage threads would otherwise take the CPU a search's query vector, Elasticsearch's work and the fusion need.
 */
@ApplicationScoped
public class SearchesInFlight {
    private int running;

    public synchronized void begin() {
        running++;
    }

    public synchronized void end() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    /** Returns once no search is running, or after {@code atMost}: a steady stream of searches never starves passages. */
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
