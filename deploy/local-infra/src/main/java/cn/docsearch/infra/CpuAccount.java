package cn.docsearch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the cores' time went during a benchmark phase: CPU seconds of each process of the local platform (from
 * /proc, by the pid files the launcher keeps), of search-service's embedding threads, of the search benchmark's bare
 * relays while they run, and of this benchmark itself.
 */
public final class CpuAccount {
    private static final double TICKS_PER_SECOND = 100;
    /**
     * Each process watched and its pid file under the launcher's folder, in the order reported; one that exists only
     * while a benchmark runs it is left out of the report when its pid file is absent, the stack's own read as 0 s.
     */
    private static final List<Watched> PROCESSES = List.of(
            new Watched("elasticsearch", "elasticsearch/elasticsearch.pid", true), new Watched("kafka", "kafka/kafka.pid", true),
            new Watched("ingest-service", "services/ingest-service.pid", true),
            new Watched("search-service", "services/search-service.pid", true),
            new Watched("api-gateway", "services/api-gateway.pid", true),
            // the search benchmark's floor (two relays that do nothing but pass requests on), while it runs
            new Watched("bare relay 1", "bench/bare-relay-1.pid", false),
            new Watched("bare relay 2", "bench/bare-relay-2.pid", false));

    private record Watched(String name, String pidFile, boolean ofTheStack) {
    }

    private final Path localDir;
    private final Map<String, Double> start;
    private final long startNanos = System.nanoTime();

    /** @param localDir the launcher's state folder (.local) */
    public CpuAccount(Path localDir) {
        this.localDir = localDir;
        this.start = sample();
    }

    /** Where the launcher keeps the pid of one process of the stack (named as in the reports). */
    public static Path pidFile(Path localDir, String process) {
        return PROCESSES.stream().filter(watched -> watched.name().equals(process)).findFirst()
                .map(watched -> localDir.resolve(watched.pidFile()))
                .orElseThrow(() -> new IllegalArgumentException("No process of the stack is named " + process));
    }

    /** CPU seconds one process of the stack (named as in the reports) used since this account was opened. */
    public double seconds(String process) {
        return used(sample(), process);
    }

    private double used(Map<String, Double> end, String process) {
        double seconds = end.getOrDefault(process, 0.0);
        double before = start.getOrDefault(process, 0.0);
        // a restarted process starts again from zero
        return seconds - (seconds >= before ? before : 0);
    }

    /** CPU seconds since this account was opened, per process, with a line on how much of the machine that is. */
    public String report() {
        return report(0);
    }

    /**
     * As {@link #report()}, and with {@code requests > 0} each process's CPU milliseconds per request, and the cores'
     * time per request (busy or not): what sets a machine's ceiling when every process shares its cores.
     */
    public String report(int requests) {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        int cores = machineCores();
        Map<String, Double> end = sample();
        StringBuilder report = new StringBuilder(String.format("  CPU over %.1f s on %d cores (%.1f core-seconds%s):", wall,
                cores, wall * cores, requests > 0 ? String.format(", %.2f ms per request", wall * cores * 1000 / requests) : ""));
        end.keySet().forEach(name -> {
            double used = used(end, name);
            report.append(String.format("%n    %-28s %6.1f s = %4.0f %% of the machine", name, used, 100 * used / (wall * cores)));
            if (requests > 0) {
                report.append(String.format(" = %5.2f ms per request", used * 1000 / requests));
            }
        });
        return report.toString();
    }

    /**
     * The machine's cores, whatever this process may run on: a benchmark pinned to some of them (taskset) still
     * accounts for the machine.
     */
    private static int machineCores() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            return (int) Math.max(1, lines.filter(line -> line.matches("cpu\\d+ .*")).count());
        } catch (IOException | UncheckedIOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private Map<String, Double> sample() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Watched process : PROCESSES) {
            String name = process.name();
            Path pidFile = localDir.resolve(process.pidFile());
            if (!process.ofTheStack() && !Files.exists(pidFile)) {
                continue;
            }
            try {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                seconds.put(name, cpuSeconds(Path.of("/proc", Long.toString(pid), "stat")));
                if (name.equals("search-service")) {
                    seconds.put("  of it embedding threads", embeddingThreads(pid));
                }
            } catch (IOException | RuntimeException e) {
                seconds.put(name, 0.0);
            }
        }
        seconds.put("this benchmark (client)", cpuSeconds(Path.of("/proc/self/stat")));
        return seconds;
    }

    private static double embeddingThreads(long pid) throws IOException {
        double total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).trim().matches("embedding-\\d+")) {
                        total += cpuSeconds(task.resolve("stat"));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return total;
    }

    /** utime + stime of a /proc stat file (fields 14 and 15; the command name in parentheses may hold spaces). */
    public static double cpuSeconds(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            return 0;
        }
    }
}
