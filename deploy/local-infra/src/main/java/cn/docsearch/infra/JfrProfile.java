package cn.docsearch.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java Flight Recorder profile of one process of the local platform during a benchmark phase (every process of the
 * stack is a JVM on this JDK), summarised as where its CPU samples fell: by thread, and by the method on top of the
 * stack. For benchmarks only: it attaches with jcmd.
 */
public final class JfrProfile {
    private final String name;
    private final long pid;
    private final Path file;
    private final String recording;

    private JfrProfile(String name, long pid, Path file, String recording) {
        this.name = name;
        this.pid = pid;
        this.file = file;
        this.recording = recording;
    }

    /**
     * Starts recording a process of the local platform.
     *
     * @param localDir the launcher's state folder (.local), where it keeps the pids
     * @param name     as {@link CpuAccount} names it: elasticsearch, kafka, ingest-service, search-service, api-gateway
     */
    public static JfrProfile start(Path localDir, String name) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(CpuAccount.pidFile(localDir, name)).trim());
        // the process creates the file itself: Elasticsearch runs as another user than the benchmark
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "docsearch-" + name + "-" + System.nanoTime() + ".jfr");
        String recording = "docsearch-bench-" + System.nanoTime();
        run(tool("jcmd"), Long.toString(pid), "JFR.start", "name=" + recording, "settings=profile", "filename=" + file);
        return new JfrProfile(name, pid, file, recording);
    }

    /** Stops the recording and tells where the samples fell: the {@code top} threads and methods. */
    public String stopAndSummarise(int top) throws IOException, InterruptedException {
        run(tool("jcmd"), Long.toString(pid), "JFR.stop", "name=" + recording);
        String samples = run(tool("jfr"), "print", "--events", "jdk.ExecutionSample", file.toString());
        Files.deleteIfExists(file);
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byMethod = new HashMap<>();
        int total = 0;
        String thread = null;
        boolean firstFrame = false;
        for (String line : samples.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("sampledThread = ")) {
                // one group per pool: "embedding-1" and "embedding-2" are one line
                thread = trimmed.substring("sampledThread = ".length()).replaceAll(" \\(javaThreadId.*", "")
                        .replaceAll("\\d+", "N").replace("\"", "");
            } else if (trimmed.startsWith("stackTrace = [")) {
                firstFrame = true;
            } else if (firstFrame && !trimmed.isEmpty()) {
                firstFrame = false;
                total++;
                byThread.merge(thread == null ? "?" : thread, 1, Integer::sum);
                byMethod.merge(trimmed.replaceAll("\\s+line:.*", ""), 1, Integer::sum);
            }
        }
        StringBuilder summary = new StringBuilder(String.format("  %s, %d CPU samples (JFR):%n    by thread:", name, total));
        appendTop(summary, byThread, total, top);
        summary.append(String.format("%n    by method on top of the stack:"));
        appendTop(summary, byMethod, total, top);
        return summary.toString();
    }

    private static void appendTop(StringBuilder summary, Map<String, Integer> counts, int total, int top) {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (Map.Entry<String, Integer> entry : sorted.subList(0, Math.min(top, sorted.size()))) {
            summary.append(String.format("%n      %5.1f %%  %s", 100.0 * entry.getValue() / Math.max(1, total), entry.getKey()));
        }
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
