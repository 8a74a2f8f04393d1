package cn.docsearch.search.indexing;

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
        // made on first use by whichever thread submits first: a passage thread's lowest priority would pass to it
        thread.setPriority(Thread.NORM_PRIORITY);
        return thread;
    }
}
