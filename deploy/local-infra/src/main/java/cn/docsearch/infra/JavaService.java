package cn.docsearch.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** One of the platform's Quarkus services, run from its packaged quarkus-run.jar. */
final class JavaService {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    private final ManagedProcess process;

    JavaService(String name, Path jar, int port, Map<String, String> properties, Path dir) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.properties = properties;
        this.process = new ManagedProcess(name, dir.resolve(name + ".pid"), dir.resolve(name + ".log"),
                "-Ddocsearch.instance=" + dir);
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
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Files.deleteIfExists(process.logFile());
        process.startDetached(command, Map.of());
        process.awaitReady(READY_TIMEOUT, ready);
    }
}
