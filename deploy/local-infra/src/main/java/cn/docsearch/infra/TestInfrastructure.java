package cn.docsearch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The real Kafka and Elasticsearch for a module's tests: started on first use, once per test JVM
 * (that is, once per module run), on free ports, in the module's target/test-infra, and stopped
 * when the JVM exits.
 */
public final class TestInfrastructure {
    private static LocalPlatform platform;
    private static SpanCollector spans;
    private static final Set<LocalPlatform.Component> STARTED = EnumSet.noneOf(LocalPlatform.Component.class);

    private TestInfrastructure() {
    }

    public static synchronized LocalPlatform start(Set<LocalPlatform.Component> components) {
        try {
            if (platform == null) {
                Path home = Path.of("target", "test-infra").toAbsolutePath();
                LocalPlatform stale = new LocalPlatform(PlatformSettings.withFreePorts(home), Distribution.fromBuild());
                stale.stop(); // a previous run killed before its shutdown hook ran
                deleteRecursively(home);
                spans = SpanCollector.start();
                platform = new LocalPlatform(PlatformSettings.withFreePorts(home), Distribution.fromBuild(),
                        spans.tracesEndpoint());
                LocalPlatform started = platform;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "stop-test-infrastructure"));
            }
            EnumSet<LocalPlatform.Component> missing = EnumSet.copyOf(components);
            missing.removeAll(STARTED);
            if (!missing.isEmpty()) {
                platform.start(missing);
                STARTED.addAll(missing);
            }
            return platform;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Settings for a Kafka client of the test platform (its bootstrap servers and login); Kafka must be started. */
    public static Map<String, Object> kafkaClientConfig() {
        return kafkaClientConfig(Map.of());
    }

    /** {@link #kafkaClientConfig()} with more settings of the client's own. */
    public static synchronized Map<String, Object> kafkaClientConfig(Map<String, Object> more) {
        if (!STARTED.contains(LocalPlatform.Component.KAFKA)) {
            throw new IllegalStateException("The test platform's Kafka is not started");
        }
        return platform.kafkaClientConfig(more);
    }

    /** The spans the test platform's services exported (null before the platform was started). */
    public static synchronized SpanCollector spans() {
        return spans;
    }

    /** A port nothing listens on, for tests of what happens when a service is unreachable. */
    public static int unusedPort() {
        return Ports.free();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
