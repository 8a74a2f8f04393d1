package cn.docsearch.search.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CaughtUpRefreshTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** A stream: the stage catches up again every quarter interval. */
    private static final long STREAM_STEP_MILLIS = INTERVAL.toMillis() / 4;
    /** Allowance for a thread of a busy machine being late. */
    private static final long SLACK_NANOS = Duration.ofMillis(400).toNanos();

    private final BlockingQueue<Long> refreshedAt = new LinkedBlockingQueue<>();

    @Test
    void aStreamLongerThanTheLongestWaitIsRefreshedOnceTheLongestWaitIsOver() throws Exception {
        try (CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9-vectors", INTERVAL, Optional.of(INTERVAL),
                recording(false))) {
            long asked = System.nanoTime();
            refresh.request();
            long first = next();
            assertTrue(first - asked < SLACK_NANOS, "the first request waited");
            long streamStarted = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                refresh.request();
                Thread.sleep(STREAM_STEP_MILLIS);
            }
            long second = next();
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
            next();
            // two intervals of a stage catching up again and again: a load streaming in
            long lastRequest = 0;
            for (int i = 0; i < 8; i++) {
                refresh.request();
                lastRequest = System.nanoTime();
                Thread.sleep(STREAM_STEP_MILLIS);
            }
            assertEquals(List.of(), List.copyOf(refreshedAt), "refreshed while the stream went on");
            long end = next();
            assertTrue(end - lastRequest >= INTERVAL.toNanos() - SLACK_NANOS, "refreshed before the stage was quiet");
            Thread.sleep(INTERVAL.toMillis() * 3 / 2);
            assertNull(refreshedAt.poll(), "the stream made more than one refresh at its end");
        }
    }

    @Test
    void aRequestAfterAQuietIntervalRefreshesAtOnce() throws Exception {
        try (CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9", INTERVAL, Optional.empty(),
                recording(false))) {
            for (int i = 0; i < 2; i++) {
                long asked = System.nanoTime();
                refresh.request();
                assertTrue(next() - asked < SLACK_NANOS, "a lone request waited");
                Thread.sleep(INTERVAL.toMillis() * 3 / 2);
            }
        }
    }

    @Test
    void aRequestWhileARefreshRunsGetsARefreshOfItsOwn() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9", INTERVAL, Optional.empty(), index -> {
            refreshedAt.add(System.nanoTime());
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            refresh.request();
            assertTrue(running.await(5, TimeUnit.SECONDS), "the first refresh did not begin");
            // the running refresh may have read the index before this request's write
            refresh.request();
            release.countDown();
            next();
            assertNotNull(refreshedAt.poll(5, TimeUnit.SECONDS), "the request made during a refresh was dropped");
        }
    }

    @Test
    void aFailedRefreshLeavesTheNextRequestsServed() throws Exception {
        try (CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9-vectors", Duration.ZERO, Optional.empty(),
                recording(true))) {
            refresh.request();
            next();
            refresh.request();
            assertNotNull(refreshedAt.poll(5, TimeUnit.SECONDS), "no refresh after one had failed");
        }
    }

    @Test
    void aRefreshStillPendingIsDoneOnClose() throws Exception {
        CaughtUpRefresh refresh = new CaughtUpRefresh("documents-v9", Duration.ofMinutes(10), Optional.empty(),
                recording(false));
        refresh.request();
        next();
        refresh.request();
        refresh.close();
        assertNotNull(refreshedAt.poll(1, TimeUnit.SECONDS), "the pending refresh was dropped on close");
    }

    @Test
    void aLongestWaitShorterThanTheIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CaughtUpRefresh("documents-v9", INTERVAL,
                Optional.of(INTERVAL.dividedBy(2)), recording(false)));
    }

    /** The time of the next refresh, waited for. */
    private long next() throws InterruptedException {
        Long at = refreshedAt.poll(5, TimeUnit.SECONDS);
        assertNotNull(at, "no refresh within 5 s");
        return at;
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
