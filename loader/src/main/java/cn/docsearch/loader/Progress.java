package cn.docsearch.loader;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A progress line redrawn in place: files done of all, documents per second, time left. */
final class Progress {
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final int total;
    private final long started = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private volatile long lastDrawn;

    Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    void advance() {
        int now = done.incrementAndGet();
        long at = System.nanoTime();
        // at most ten redraws a second, and always the last one
        if (now == total || at - lastDrawn > 100_000_000L) {
            lastDrawn = at;
            draw(now, at);
        }
    }

    double perSecond() {
        return done.get() / Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private synchronized void draw(int now, long at) {
        double rate = now / Math.max(1e-9, (at - started) / 1e9);
        long left = rate > 0 ? Math.round((total - now) / rate) : 0;
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * now / total);
        out.printf("\r[%s%s] %d/%d files  %.1f docs/s  ETA %s   ", "#".repeat(filled), " ".repeat(BAR_WIDTH - filled),
                now, total, rate, format(Duration.ofSeconds(left)));
        if (now == total) {
            out.println();
        }
        out.flush();
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
}
