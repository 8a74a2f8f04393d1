package cn.docsearch.bench.elasticsearch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.docsearch.infra.CpuAccount;

/**
 * Where the local Elasticsearch's CPU went in a window, by kind of work: the CPU time of each of its threads (from the
 * JVM's own thread dump, {@code jcmd Thread.print}) summed per thread pool. Node stats give the wall time of each
 * activity, which on shared cores also counts the time a thread waited for one; this counts the CPU only. A thread
 * that ended within the window (a merge thread, most often) is not in the last dump: its CPU shows as the process's CPU
 * that no living thread accounts for.
 */
public final class ElasticsearchThreads {
    private static final Pattern THREAD = Pattern.compile("^\"([^\"]+)\".*? cpu=([0-9.]+)ms", Pattern.MULTILINE);
    private static final String COMPILER = "JIT compiler";
    private static final String ENDED = "threads that ended in the window (merges, mostly)";
    private static final Pattern POOL = Pattern.compile("^elasticsearch\\[[^\\]]*\\]\\[([^\\]]+)\\]");

    private final long pid;
    private final Map<String, Double> start;
    private final double startProcess;

    /** @param localDir the launcher's state folder (.local), where Elasticsearch's pid file is */
    public ElasticsearchThreads(Path localDir) throws Exception {
        this.pid = Long.parseLong(Files.readString(CpuAccount.pidFile(localDir, "elasticsearch")).trim());
        this.startProcess = processSeconds();
        this.start = threadMillis();
    }

    /** Where the CPU went from the opening of this account to now. */
    public Account since() throws Exception {
        Map<String, Double> end = threadMillis();
        double process = processSeconds() - startProcess;
        Map<String, Double> byKind = new TreeMap<>();
        double accounted = 0;
        for (Map.Entry<String, Double> thread : end.entrySet()) {
            double before = start.getOrDefault(thread.getKey(), 0.0);
            // a thread started in the window under a name an ended one had counts from zero
            double used = (thread.getValue() - (thread.getValue() >= before ? before : 0)) / 1000;
            byKind.merge(kind(thread.getKey()), used, Double::sum);
            accounted += used;
        }
        byKind.put(ENDED, Math.max(0, process - accounted));
        return new Account(byKind, process);
    }

    /** CPU seconds per kind of work in a window, and the process's in all. */
    public record Account(Map<String, Double> byKind, double seconds) {

        /**
         * The process's CPU but for its JIT compiler: the work itself, as a node that has run long enough to have
         * compiled its hot code does it (a node started minutes ago still compiles for many thousands of documents).
         */
        public double secondsWithoutCompiler() {
            return seconds - byKind.getOrDefault(COMPILER, 0.0);
        }

        /** One line per kind of work, largest first. */
        public String report() {
            StringBuilder report = new StringBuilder(String.format(
                    "  Elasticsearch's CPU by kind of work (its threads' CPU time, %.1f s in all):", seconds));
            byKind.entrySet().stream().filter(kind -> kind.getValue() >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(kind -> report.append(String.format("%n    %-52s %6.1f s", kind.getKey(), kind.getValue())));
            return report.toString();
        }
    }

    /** A thread's kind: its Elasticsearch thread pool, or what the JVM runs it for. */
    private static String kind(String thread) {
        Matcher pool = POOL.matcher(thread);
        if (pool.find()) {
            return "pool " + pool.group(1);
        }
        if (thread.startsWith("Lucene Merge Thread")) {
            return "merges (threads alive at the end)";
        }
        if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
            return "garbage collector";
        }
        if (thread.contains("CompilerThread")) {
            return COMPILER;
        }
        return "other";
    }

    /** CPU milliseconds of every living thread, by name (threads of one name summed). */
    private Map<String, Double> threadMillis() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), "Thread.print"));
        String owner = Files.getOwner(Path.of("/proc", Long.toString(pid))).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            // the attach mechanism answers only the JVM's own user
            command = List.of("su", owner, "-s", "/bin/bash", "-c", String.join(" ", command));
        }
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd Thread.print failed: " + dump.substring(0, Math.min(300, dump.length())));
        }
        Map<String, Double> millis = new HashMap<>();
        Matcher thread = THREAD.matcher(dump);
        while (thread.find()) {
            millis.merge(thread.group(1), Double.parseDouble(thread.group(2)), Double::sum);
        }
        return millis;
    }

    private double processSeconds() {
        return CpuAccount.cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
    }
}
