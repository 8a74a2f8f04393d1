package cn.docsearch.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One of the platform's Quarkus services, run from its packaged quarkus-run.jar. Its settings go on the command line,
 * its secrets in environment variables, which other users' processes cannot read.
 */
final class JavaService {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    private final Set<String> secrets;
    private final CpuPriority priority;
    private final ManagedProcess process;

    /**
     * @param properties its settings by property name
     * @param secrets    the names of those that are secrets: passed as the environment variables Quarkus maps to them
     * @param priority   how it shares the cores with the platform's other processes
     */
    JavaService(String name, Path jar, int port, Map<String, String> properties, Set<String> secrets, Path dir,
                CpuPriority priority) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.properties = properties;
        this.secrets = secrets;
        this.process = new ManagedProcess(name, dir.resolve(name + ".pid"), dir.resolve(name + ".log"),
                "-Ddocsearch.instance=" + dir, priority.niceness());
        this.priority = priority;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    ManagedProcess process() {
        return process;
    }

    void start() throws IOException, InterruptedException {
        BooleanSupplier ready = () -> HttpProbe.answers200(url() + "/q/health/ready");
        // one found running may be shutting down (then it is started again once gone) or still starting
        if (process.running().isPresent() && process.awaitReadyOrExit(READY_TIMEOUT, ready)) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build first (./mvnw package -DskipTests)");
        }
        Ports.requireFree(port, name);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a service out of heap is in an unknown state: it exits, and is started again
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Ddocsearch.instance=" + process.logFile().getParent(),
                "-Dquarkus.http.port=" + port));
        command.addAll(priority.jvmOptions());
        Map<String, String> env = new HashMap<>();
        properties.forEach((key, value) -> {
            if (secrets.contains(key)) {
                env.put(environmentName(key), value);
            } else {
                command.add("-D" + key + "=" + value);
            }
        });
        command.addAll(List.of("-jar", jar.toString()));
        Files.deleteIfExists(process.logFile());
        process.startDetached(command, env);
        process.awaitReady(READY_TIMEOUT, ready);
    }

    /** MicroProfile Config's mapping: every character that is not a letter or digit becomes '_', all upper case. */
    private static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
