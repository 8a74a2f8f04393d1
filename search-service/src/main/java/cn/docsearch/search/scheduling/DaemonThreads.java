package cn.docsearch.search.scheduling;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's own threads (the stages' helpers, the model's, the schedulers'): daemons, so that none keeps the
 * service alive once what uses it has stopped.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    public static Thread named(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * A fixed pool of {@code count} daemon threads named prefix1, prefix2, ..., each of this Java priority, made at
     * once by the caller, as {@link #singleThread}'s thread is.
     */
    public static ExecutorService pool(int count, String prefix, int priority) {
        AtomicInteger number = new AtomicInteger();
        return prestarted(count, task -> {
            Thread thread = named(task, prefix + number.incrementAndGet());
            thread.setPriority(priority);
            return thread;
        });
    }

    /**
     * One daemon thread taking tasks in turn, made at once by the caller. Made later by whichever thread first submits
     * a task, it would take that thread's priority and niceness: a passage thread's lowest, which a process without
     * privileges cannot raise again.
     */
    public static ExecutorService singleThread(String name) {
        return prestarted(1, task -> named(task, name));
    }

    private static ExecutorService prestarted(int count, ThreadFactory factory) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(count, count, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), factory);
        executor.prestartAllCoreThreads();
        return executor;
    }
}
