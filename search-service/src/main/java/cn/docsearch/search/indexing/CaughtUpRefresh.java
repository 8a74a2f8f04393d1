package cn.docsearch.search.indexing;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import cn.docsearch.search.scheduling.DaemonThreads;

/**
 * Refreshes the index a stage writes once the stage has caught up, so that what it wrote then is searchable soon. A
 * request after {@code interval} without one refreshes at once (or when the interval since the last refresh ends). A
 * request within {@code interval} of the previous one comes from a stage that catches up again and again while a load
 * streams in: it waits until the stage has been caught up for {@code interval} without another request, at most
 * {@code longestWait}, so that the load is made searchable by the index's own interval, in fewer, larger segments,
 * and its end within {@code interval}. During a backlog nobody asks at all.
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
    /** The refresh asked for and not yet begun, when it is due, and since when a request has waited for it. */
    private ScheduledFuture<?> scheduled;
    private long dueNanos;
    private long waitingSinceNanos;
    private volatile boolean failing;

    /**
     * @param longestWait how long a request within a stream of them may wait; empty where the index's own refresh
     *                    interval is short enough to bound it
     */
    CaughtUpRefresh(String index, Duration interval, Optional<Duration> longestWait, Refresher refresher) {
        this.index = index;
        this.intervalNanos = interval.toNanos();
        this.longestWaitNanos = longestWait.map(Duration::toNanos).orElse(Long.MAX_VALUE);
        this.refresher = refresher;
        this.lastRefreshNanos = System.nanoTime() - intervalNanos;
        this.lastRequestNanos = lastRefreshNanos;
    }

    /** Asks for a refresh of what the stage has written so far; requests before it begins are the same one. */
    synchronized void request() {
        long now = System.nanoTime();
        boolean inStream = now - lastRequestNanos < intervalNanos;
        lastRequestNanos = now;
        if (scheduled == null) {
            waitingSinceNanos = now;
        }
        long delay = inStream
                ? Math.min(intervalNanos, Math.max(0, longestWaitNanos - (now - waitingSinceNanos)))
                : Math.max(0, lastRefreshNanos + intervalNanos - now);
        long due = now + delay;
        if (scheduled != null && (due == dueNanos || !scheduled.cancel(false))) {
            // the same time, or the refresh has just begun: it reads what was written before this request
            return;
        }
        dueNanos = due;
        scheduled = scheduler.schedule(this::refresh, delay, TimeUnit.NANOSECONDS);
    }

    private void refresh() {
        synchronized (this) {
            scheduled = null;
            lastRefreshNanos = System.nanoTime();
        }
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

    /** Stops; a refresh still waiting is done now, since nobody else may ask for it. */
    @Override
    public void close() {
        if (!scheduler.shutdownNow().isEmpty()) {
            refresh();
        }
    }
}
