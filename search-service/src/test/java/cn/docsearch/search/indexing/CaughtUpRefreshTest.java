package cn.docsearch.search.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CaughtUpRefreshTest {
    private static final Duration INTERVAL = Duration.ofMillis(600);
    /** Allowance for the scheduler's thread being late. */
    private static final long SLACK_NANOS = Duration.ofMillis(250).toNanos();

    private final BlockingQueue<Long> refreshedAt = new LinkedBlockingQueue<>();

    @Test
    void aFirstRequestRefreshesAtOnceAndTheNextOnesAreOneRefreshAtMostTheLongestWaitLater() throws Exception {
        try (CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9-vectors", INTERVAL, Optional.of(INTERVAL),
                recording(false))) {
            long asked = System.nanoTime();
            refresh.request();
            long first = refreshedAt.poll(5, TimeUnit.SECONDS);
            assertTrue(first - asked < INTERVAL.toNanos(), "the first request waited for an interval");
            long streamStarted = System.nanoTime();
            // a stream of requests longer than the longest wait: it is not put off past the longest wait
            for (int i = 0; i < 10; i++) {
                refresh.request();
                Thread.sleep(INTERVAL.toMillis() / 4);
            }
            long second = refreshedAt.poll(5, TimeUnit.SECONDS);
            assertTrue(second - streamStarted >= INTERVAL.toNanos() - SLACK_NANOS, "refreshed before the stream waited");
            assertTrue(second - streamStarted < INTERVAL.toNanos() + SLACK_NANOS,
                    "the stream waited past its longest wait: " + (second - streamStarted) / 1_000_000 + " ms");
        }
    }

    @Test
    void aStreamOfRequestsIsLeftToTheIndexAndItsEndRefreshedOnceTheStageHasBeenCaughtUpForTheInterval()
            throws Exception {
        try (CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9", INTERVAL, Optional.empty(),
                recording(false))) {
            refresh.request();
            assertNotNull(refreshedAt.poll(5, TimeUnit.SECONDS), "the first request was not served");
            // the stage catches up again every quarter interval for four intervals: a load streaming in
            long lastRequest = 0;
            for (int i = 0; i < 16; i++) {
                refresh.request();
                lastRequest = System.nanoTime();
                Thread.sleep(INTERVAL.toMillis() / 4);
            }
            assertEquals(List.of(), List.copyOf(refreshedAt), "refreshed while the stream went on");
            long end = refreshedAt.poll(5, TimeUnit.SECONDS);
            assertTrue(end - lastRequest >= INTERVAL.toNanos() - SLACK_NANOS, "refreshed before the stage was quiet");
            Thread.sleep(INTERVAL.toMillis() * 3 / 2);
            assertNull(refreshedAt.poll(), "the stream made more than one refresh at its end");
        }
    }

    @Test
    void aRequestAfterAQuietIntervalRefreshesAtOnce() throws Exception {
        try (CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9", INTERVAL, Optional.empty(),
                recording(false))) {
            for (int i = 0; i < 3; i++) {
                long asked = System.nanoTime();
                refresh.request();
                long refreshed = refreshedAt.poll(5, TimeUnit.SECONDS);
                assertTrue(refreshed - asked < SLACK_NANOS, "a lone request waited");
                Thread.sleep(INTERVAL.toMillis() * 3 / 2);
            }
        }
    }

    @Test
    void aFailedRefreshLeavesTheNextRequestsServed() throws Exception {
        try (CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9-vectors", Duration.ZERO, Optional.empty(),
                recording(true))) {
            refresh.request();
            refreshedAt.poll(5, TimeUnit.SECONDS);
            refresh.request();
            assertTrue(refreshedAt.poll(5, TimeUnit.SECONDS) != null, "no refresh after one had failed");
        }
    }

    @Test
    void aRefreshStillWaitingIsDoneOnClose() throws Exception {
        CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9", Duration.ofMinutes(10), Optional.empty(),
                recording(false));
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
