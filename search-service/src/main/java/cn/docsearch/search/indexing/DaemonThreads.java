package cn.docsearch.search.indexing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The stages' helper threads, and those of what runs them: daemons, so that none keeps the service alive once its
 * stages are stopped.
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
     * One daemon thread taking tasks in turn, made at once by the caller. Made later by whichever thread first submits
     * a task, it would take that thread's priority and niceness: a passage thread's lowest, which a process without
     * privileges cannot raise again.
     */
    public static ExecutorService singleThread(String name) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> named(task, name));
        executor.prestartAllCoreThreads();
        return executor;
    }
}
