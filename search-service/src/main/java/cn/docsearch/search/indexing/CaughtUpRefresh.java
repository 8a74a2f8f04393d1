package cn.docsearch.search.indexing;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import cn.docsearch.search.scheduling.DaemonThreads;

/**
 * Refreshes the index a stage writes once the stage has caught up, so that what it wrote then is searchable soon. A
 * request after {@code interval} without one refreshes at once (or when the interval since the last refresh ends). A
 * request within {@code interval} of the previous one comes from a stage that catches up again and again while a load
 * streams in: its refresh waits until the stage has gone {@code interval} without catching up again, but at most
 * {@code longestWait} from the first request left waiting. Without a longest wait the index's own interval refreshes
 * the load meanwhile, in fewer, larger segments, and its end is refreshed about {@code interval} after the stage last
 * caught up. During a backlog nobody asks at all.
 */
final class CaughtUpRefresh implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CaughtUpRefresh.class);

    /** A refresh of one index; {@link cn.docsearch.search.index.IndexManager#refresh} in the service. */
    interface Refresher {
        void refresh(String index) throws IOException;
    }

    private final String index;
    private final long intervalNanos;
    private final long longestWaitNanos;
    private final Refresher refresher;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            task -> DaemonThreads.named(task, "caught-up-refresh"));
    private long lastRefreshNanos;
    private long lastRequestNanos;
    /** A refresh is asked for and has not begun: requests until it begins are served by it. */
    private boolean pending;
    /** When the pending refresh is due; it is only ever put off, so one scheduled task serves it. */
    private long dueNanos;
    /** When the first request the pending refresh serves was made. */
    private long waitingSinceNanos;
    private volatile boolean failing;

    /**
     * @param longestWait how long a request within a stream of them may wait, at least {@code interval}; empty where the
     *                    index's own refresh interval is short enough to bound it
     */
    CaughtUpRefresh(String index, Duration interval, Optional<Duration> longestWait, Refresher refresher) {
        if (longestWait.filter(wait -> wait.compareTo(interval) < 0).isPresent()) {
            throw new IllegalArgumentException("A longest wait shorter than the interval: " + longestWait.get());
        }
        this.index = index;
        this.intervalNanos = interval.toNanos();
        this.longestWaitNanos = longestWait.map(Duration::toNanos).orElse(Long.MAX_VALUE);
        this.refresher = refresher;
        this.lastRefreshNanos = System.nanoTime() - intervalNanos;
        this.lastRequestNanos = lastRefreshNanos;
    }

    /** Asks for a refresh of what the stage has written so far. */
    synchronized void request() {
        long now = System.nanoTime();
        boolean inStream = now - lastRequestNanos < intervalNanos;
        lastRequestNanos = now;
        if (!pending) {
            waitingSinceNanos = now;
        }
        long delay = inStream
                ? Math.min(intervalNanos, Math.max(0, longestWaitNanos - (now - waitingSinceNanos)))
                : Math.max(0, lastRefreshNanos + intervalNanos - now);
        long due = now + delay;
        if (pending) {
            if (due - dueNanos > 0) {
                dueNanos = due;
            }
            return;
        }
        pending = true;
        dueNanos = due;
        scheduler.schedule(this::refreshWhenDue, delay, TimeUnit.NANOSECONDS);
    }

    private void refreshWhenDue() {
        synchronized (this) {
            long early = dueNanos - System.nanoTime();
            if (early > 0) {
                // put off since it was scheduled
                scheduler.schedule(this::refreshWhenDue, early, TimeUnit.NANOSECONDS);
                return;
            }
            // a request from here on gets a refresh of its own: this one may read the index before that request's write
            pending = false;
            lastRefreshNanos = System.nanoTime();
        }
        refresh();
    }

    private void refresh() {
        try {
            refresher.refresh(index);
            failing = false;
        } catch (IOException | ElasticsearchException e) {
            // nothing is lost: the index's own interval makes what was written searchable a little later
            if (!failing) {
                LOG.warnf("Refresh of %s not done, its own interval will do: %s", index, e.getMessage());
            }
            failing = true;
        }
    }

    /** Stops; a refresh still pending is done now, since nobody else may ask for it. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        boolean wasPending;
        synchronized (this) {
            wasPending = pending;
            pending = false;
        }
        if (wasPending) {
            refresh();
        }
    }
}
