package cn.docsearch.infra;

import java.util.List;

/**
 * How a process shares the machine's cores with the platform's others when they are contended, so that the work a
 * search waits for comes first (docs/configuration.md).
 *
 * @param niceness          how far below the others it runs, 0 to 19 ({@link ManagedProcess})
 * @param compilerBelowWork whether its JIT compiler's threads run at niceness 10 within it: a young process compiles
 *                          the paths a bulk load first takes (indexing, embedding) for tens of seconds, and would share
 *                          the cores equally with the threads answering a search
 */
record CpuPriority(int niceness, boolean compilerBelowWork) {
    /** Every process and thread equal, as the operating system has them. */
    static final CpuPriority EQUAL = new CpuPriority(0, false);

    /**
     * Lowering a priority needs no permission; the JVM still warns at start when not run as root. The policy also maps
     * the Java priorities of the process' own threads to nicenesses (below normal to 1-4, above it to -1 to -5, which
     * only root may set): the services start their threads at normal priority.
     */
    private static final List<String> COMPILER_BELOW_WORK = List.of("-XX:ThreadPriorityPolicy=1", "-XX:CompilerThreadPriority=10");

    List<String> jvmOptions() {
        return compilerBelowWork ? COMPILER_BELOW_WORK : List.of();
    }
}
