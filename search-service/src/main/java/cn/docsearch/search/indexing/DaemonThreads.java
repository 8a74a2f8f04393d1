package cn.docsearch.search.indexing;

/** The stages' helper threads: daemons, so that none keeps the service alive once its stages are stopped. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    static Thread named(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
