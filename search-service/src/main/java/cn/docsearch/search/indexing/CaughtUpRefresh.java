package cn.docsearch.search.indexing;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import cn.docsearch.search.scheduling.DaemonThreads;

/**
 * Refreshes the index a stage writes once the stage has caught up, at most every {@code interval} (a request within
 * it is done when it ends), so that what it wrote then is searchable soon. During a backlog nobody asks, and the
 * index's own, longer interval makes fewer and larger segments.
 */
final class CaughtUpRefresh implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CaughtUpRefresh.class);

    /** A refresh of one index; {@link cn.docsearch.search.index.IndexManager#refresh} in the service. */
    interface Refresher {
        void refresh(String index) throws IOException;
    }

    private final String index;
    private final long intervalNanos;
    private final Refresher refresher;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            task -> DaemonThreads.named(task, "caught-up-refresh"));
    private long lastNanos;
    private boolean scheduled;
    private volatile boolean failing;

    CaughtUpRefresh(String index, Duration interval, Refresher refresher) {
        this.index = index;
        this.intervalNanos = interval.toNanos();
        this.refresher = refresher;
        this.lastNanos = System.nanoTime() - intervalNanos;
    }

    /** Asks for a refresh: now, or when the interval since the last one ends; requests meanwhile are the same one. */
    synchronized void request() {
        if (scheduled) {
            return;
        }
        scheduled = true;
        scheduler.schedule(this::refresh, Math.max(0, lastNanos + intervalNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void refresh() {
        synchronized (this) {
            scheduled = false;
            lastNanos = System.nanoTime();
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

    /** Stops; a refresh still waiting for its interval is done now, since nobody else may ask for it. */
    @Override
    public void close() {
        if (!scheduler.shutdownNow().isEmpty()) {
            refresh();
        }
    }
}
