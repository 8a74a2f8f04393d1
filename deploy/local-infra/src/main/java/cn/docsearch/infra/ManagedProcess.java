package cn.docsearch.infra;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A long-running process known by its pid file. The owner marker (a path that appears on the
 * process' command line) keeps a recycled pid from being mistaken for ours.
 */
final class ManagedProcess {
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration SESSION_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final Path pidFile;
    private final Path logFile;
    private final String ownerMarker;
    private final int niceness;

    ManagedProcess(String name, Path pidFile, Path logFile, String ownerMarker) {
        this(name, pidFile, logFile, ownerMarker, 0);
    }

    /**
     * @param niceness how far below the other processes it runs when the cores are contended (0 to 19, 0 for the
     *                 same): work that can wait, so that searches need not
     */
    ManagedProcess(String name, Path pidFile, Path logFile, String ownerMarker, int niceness) {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("niceness " + niceness + " is not within 0 to 19");
        }
        this.name = name;
        this.pidFile = pidFile;
        this.logFile = logFile;
        this.ownerMarker = ownerMarker;
        this.niceness = niceness;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    Optional<ProcessHandle> running() {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> !isZombie(handle.pid()))
                    .filter(this::isOurs);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * An exited process its parent has not reaped yet still counts as alive for ProcessHandle; detached processes
     * belong to whatever init the machine runs, which may reap late.
     */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc (not Linux): trust isAlive
        }
    }

    private boolean isOurs(ProcessHandle handle) {
        Optional<String> commandLine = handle.info().commandLine();
        return commandLine.isEmpty() || commandLine.get().contains(ownerMarker);
    }

    /**
     * Starts the command in its own session, so it outlives this JVM and a Ctrl-C in the terminal that ran it, at its
     * niceness. Where Linux groups the processes of each session for the scheduler (autogroup, on by default), the
     * session's group gets the niceness too: between groups a process' own niceness counts for nothing, and every
     * session would share the cores equally, whatever its work.
     */
    void startDetached(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(logFile.getParent());
        List<String> detached = new java.util.ArrayList<>();
        detached.add("setsid");
        if (niceness > 0) {
            detached.addAll(List.of("nice", "-n", Integer.toString(niceness)));
        }
        detached.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(detached)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        if (niceness > 0) {
            lowerSessionGroup(process.pid());
        }
    }

    /**
     * Sets the scheduler group's niceness once the process has a group of its own: setsid makes it in the process, and
     * until then the process is still in the caller's group, which must keep its own. Without autogroup (not Linux, or
     * a kernel without it) there is no such file, and the process' own niceness is what counts. A group that cannot be
     * set leaves the process running as it would run without: said in its log.
     */
    private void lowerSessionGroup(long pid) throws IOException, InterruptedException {
        Path group = Path.of("/proc", Long.toString(pid), "autogroup");
        Path callersGroup = Path.of("/proc/self/autogroup");
        if (!Files.exists(group) || !Files.exists(callersGroup)) {
            return;
        }
        String callers = groupName(callersGroup);
        String failure = "it had no group of its own after " + SESSION_WAIT;
        Instant deadline = Instant.now().plus(SESSION_WAIT);
        while (Instant.now().isBefore(deadline) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                if (!groupName(group).equals(callers)) {
                    Files.writeString(group, Integer.toString(niceness));
                    String set = Files.readString(group).trim();
                    if (set.endsWith(" nice " + niceness)) {
                        return;
                    }
                    failure = "its group reads " + set;
                }
            } catch (IOException e) {
                // without privileges, one write of any group's niceness per 100 ms on the machine (EAGAIN)
                failure = e.toString();
            }
            Thread.sleep(20);
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Files.writeString(logFile, "launcher: the niceness of this process' scheduler group was not set: " + failure
                    + System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** "/autogroup-12" of "/autogroup-12 nice 0". */
    private static String groupName(Path autogroup) throws IOException {
        return Files.readString(autogroup).trim().split(" ")[0];
    }

    void awaitReady(Duration timeout, BooleanSupplier ready) throws IOException, InterruptedException {
        if (!awaitReadyOrExit(timeout, ready)) {
            throw new IOException(name + " exited while starting\n" + Logs.tail(logFile));
        }
    }

    /**
     * Waits until the process is ready (true) or gone (false): one found running may still be starting, or may be
     * shutting down.
     */
    boolean awaitReadyOrExit(Duration timeout, BooleanSupplier ready) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (ready.getAsBoolean()) {
                return true;
            }
            if (running().isEmpty()) {
                return false;
            }
            Thread.sleep(250);
        }
        throw new IOException(name + " neither ready nor gone after " + timeout + "\n" + Logs.tail(logFile));
    }

    /** SIGTERM, then SIGKILL after a grace period; idempotent. */
    void stop() throws InterruptedException {
        Optional<ProcessHandle> handle = running();
        if (handle.isPresent()) {
            ProcessHandle process = handle.get();
            process.destroy();
            try {
                process.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                process.destroyForcibly();
                process.onExit().join();
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is harmless: running() checks liveness and ownership
        }
    }

    /** SIGKILL, as a crash would end it: no shutdown hook runs. */
    void kill() {
        running().ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
    }

    /**
     * "running (pid, resident memory)" or "stopped". Resident memory is split as Linux counts it: anonymous (heaps,
     * native allocations: what the process needs) and file-backed (mapped files such as Elasticsearch's index, which
     * the kernel drops under memory pressure and reads again).
     */
    String status() {
        return running().map(p -> "running (pid " + p.pid() + memory(p.pid()) + ")").orElse("stopped");
    }

    private static String memory(long pid) {
        Map<String, Long> kib = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                String[] field = line.split(":\\s+");
                if (field.length == 2 && field[1].endsWith(" kB")) {
                    kib.put(field[0], Long.parseLong(field[1].substring(0, field[1].length() - 3).trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return String.format(", RSS %d MiB: %d anonymous, %d file-backed", kib.getOrDefault("VmRSS", 0L) / 1024,
                kib.getOrDefault("RssAnon", 0L) / 1024, kib.getOrDefault("RssFile", 0L) / 1024);
    }
}
