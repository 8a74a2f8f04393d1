package cn.docsearch.search.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CaughtUpRefreshTest {
    private static final Duration INTERVAL = Duration.ofMillis(400);

    private final BlockingQueue<Long> refreshedAt = new LinkedBlockingQueue<>();

    @Test
    void aFirstRequestRefreshesAtOnceAndTheNextOnesWithinTheIntervalAreOneRefreshAtItsEnd() throws Exception {
        try (CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9-vectors", INTERVAL, recording(false))) {
            long asked = System.nanoTime();
            refresh.request();
            long first = refreshedAt.poll(5, TimeUnit.SECONDS);
            assertTrue(first - asked < INTERVAL.toNanos(), "the first request waited for an interval");
            for (int i = 0; i < 10; i++) {
                refresh.request();
            }
            long second = refreshedAt.poll(5, TimeUnit.SECONDS);
            // the interval counts from just before the first refresh's own time stamp
            assertTrue(second - first >= INTERVAL.minusMillis(20).toNanos(), "refreshed again before the interval ended");
            Thread.sleep(INTERVAL.toMillis() * 2);
            assertEquals(List.of(), List.copyOf(refreshedAt), "ten requests within the interval made more than one refresh");
        }
    }

    @Test
    void aFailedRefreshLeavesTheNextRequestsServed() throws Exception {
        try (CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9-vectors", Duration.ZERO, recording(true))) {
            refresh.request();
            refreshedAt.poll(5, TimeUnit.SECONDS);
            refresh.request();
            assertTrue(refreshedAt.poll(5, TimeUnit.SECONDS) != null, "no refresh after one had failed");
        }
    }

    @Test
    void aRefreshStillWaitingForItsIntervalIsDoneOnClose() throws Exception {
        CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9", Duration.ofMinutes(10), recording(false));
        refresh.request();
        refreshedAt.poll(5, TimeUnit.SECONDS);
        refresh.request();
        refresh.close();
        assertTrue(refreshedAt.poll(1, TimeUnit.SECONDS) != null, "the waiting refresh was dropped on close");
    }

    /** Records each refresh's time; a failing one throws after recording, as Elasticsearch away would. */
    private CaughtUpRefresh.Refresher recording(boolean failing) {
        return index -> {
            refreshedAt.add(System.nanoTime());
            if (failing) {
                throw new IOException("Elasticsearch away");
            }
        };
    }
}
