package cn.docsearch.search.embedding;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The searches this instance is answering, so that passage embedding and the writes of its vectors step aside for
 * them: on shared cores they would otherwise take the CPU a search's query vector, Elasticsearch's work and the fusion
 * need.
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

    /**
     * As {@link #awaitNone}, for work that steps aside on its way (a passage, a write of vectors): an interrupt ends the
     * wait at once and stays set for the caller to see; {@code 0s} never waits.
     */
    public void stepAside(Duration atMost) {
        if (atMost.isZero() || atMost.isNegative()) {
            return;
        }
        try {
            awaitNone(atMost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
