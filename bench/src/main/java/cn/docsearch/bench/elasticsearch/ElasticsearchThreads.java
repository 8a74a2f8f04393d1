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
 * that ended within the window is not in the last dump: its CPU shows as the process's CPU that no living thread
 * accounts for.
 */
public final class ElasticsearchThreads {
    private static final Pattern THREAD = Pattern.compile("^\"([^\"]+)\".*? cpu=([0-9.]+)ms.*? nid=(\\S+)",
            Pattern.MULTILINE);
    private static final String COMPILER = "JIT compiler";
    private static final String NOT_ACCOUNTED = "not accounted (threads that ended, time between samples)";
    private static final Pattern POOL = Pattern.compile("^elasticsearch\\[[^\\]]*\\]\\[([^\\]]+)\\]");

    private final long pid;
    private final Sample start;

    /** @param localDir the launcher's state folder (.local), where Elasticsearch's pid file is */
    public ElasticsearchThreads(Path localDir) throws Exception {
        this.pid = Long.parseLong(Files.readString(CpuAccount.pidFile(localDir, "elasticsearch")).trim());
        this.start = sample();
    }

    /** Where the CPU went from the opening of this account to now. */
    public Account since() throws Exception {
        Sample end = sample();
        Map<String, Double> byKind = new TreeMap<>();
        double accounted = 0;
        for (Map.Entry<String, ThreadCpu> thread : end.threads().entrySet()) {
            ThreadCpu before = start.threads().get(thread.getKey());
            // a thread started in the window counts from zero
            double used = (thread.getValue().millis() - (before == null ? 0 : before.millis())) / 1000;
            byKind.merge(kind(thread.getValue().name()), used, Double::sum);
            accounted += used;
        }
        double process = end.processSeconds() - start.processSeconds();
        byKind.put(NOT_ACCOUNTED, Math.max(0, process - accounted));
        return new Account(byKind, process, (end.nanoTime() - start.nanoTime()) / 1e9);
    }

    /** The CPU of each living thread (by native id), the process's right after, and when. */
    private record Sample(Map<String, ThreadCpu> threads, double processSeconds, long nanoTime) {
    }

    private record ThreadCpu(String name, double millis) {
    }

    /** CPU seconds per kind of work in a window, the process's in all, and the window's length. */
    public record Account(Map<String, Double> byKind, double seconds, double wallSeconds) {

        /** The process's CPU per second of the window. */
        public double perSecond() {
            return seconds / wallSeconds;
        }

        /**
         * The process's CPU above a standing cost per second (what the node spends while the platform runs with nothing
         * to do: its timers, flushes, the services' periodic reads): close to the work of this window's documents, as a
         * window made long by something else (the model, on shared cores) would not inflate it. The standing rate also
         * spreads the account's own two thread dumps over its sample, a small fixed cost per window.
         */
        public double secondsAbove(double standingPerSecond) {
            return seconds - standingPerSecond * wallSeconds;
        }

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
        if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
            return "garbage collector";
        }
        if (thread.contains("CompilerThread")) {
            return COMPILER;
        }
        return "other";
    }

    /**
     * A thread dump's CPU per thread, then the process's CPU: read one right after the other, so that the process's
     * CPU in a window is that of the threads' window.
     */
    private Sample sample() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "Thread.print");
        String owner = Files.getOwner(Path.of("/proc", Long.toString(pid))).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            // the attach mechanism answers only the JVM's own user (as the launcher starts the node: runuser)
            List<String> asOwner = new ArrayList<>(List.of("runuser", "-u", owner, "--"));
            asOwner.addAll(command);
            command = asOwner;
        }
        Path dumpFile = Files.createTempFile("elasticsearch-threads", ".txt");
        try {
            Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dumpFile.toFile()).start();
            boolean done = jcmd.waitFor(30, TimeUnit.SECONDS);
            String dump = Files.readString(dumpFile, StandardCharsets.UTF_8);
            if (!done || jcmd.exitValue() != 0) {
                jcmd.destroyForcibly();
                throw new IllegalStateException("jcmd Thread.print failed: " + dump.substring(0, Math.min(300, dump.length())));
            }
            double processSeconds = CpuAccount.cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
            long at = System.nanoTime();
            Map<String, ThreadCpu> threads = new HashMap<>();
            Matcher thread = THREAD.matcher(dump);
            while (thread.find()) {
                threads.put(thread.group(3), new ThreadCpu(thread.group(1), Double.parseDouble(thread.group(2))));
            }
            return new Sample(threads, processSeconds, at);
        } finally {
            Files.deleteIfExists(dumpFile);
        }
    }
}
