package cn.docsearch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The real Kafka and Elasticsearch for a module's tests: started on first use, once per test JVM
 * (that is, once per module run), on free ports, in the module's target/test-infra, and stopped
 * when the JVM exits.
 * <p>
 * Once per JVM, not once per class loader: Quarkus loads its tests' classes (and so this one) in a class loader of
 * its own, and a plain JUnit test of the same module in another. What was started, and where, is kept in system
 * properties, which the whole JVM shares; a second class loader takes the running platform over instead of
 * stopping it and starting another.
 */
public final class TestInfrastructure {
    /** The started platform's settings, as {@link #encode} writes them. */
    private static final String SETTINGS_PROPERTY = "docsearch.test-infrastructure.settings";
    /** The components started so far, by name, comma-separated. */
    private static final String STARTED_PROPERTY = "docsearch.test-infrastructure.started";
    private static LocalPlatform platform;
    private static SpanCollector spans;

    private TestInfrastructure() {
    }

    public static LocalPlatform start(Set<LocalPlatform.Component> components) {
        // the system properties are the one lock every class loader's copy of this class shares
        synchronized (System.getProperties()) {
            try {
                if (platform == null) {
                    platform = startedElsewhere().orElseGet(TestInfrastructure::newPlatform);
                }
                EnumSet<LocalPlatform.Component> missing = EnumSet.copyOf(components);
                missing.removeAll(started());
                if (!missing.isEmpty()) {
                    platform.start(missing);
                    EnumSet<LocalPlatform.Component> now = started();
                    now.addAll(missing);
                    System.setProperty(STARTED_PROPERTY, String.join(",", now.stream().map(Enum::name).toList()));
                }
                return platform;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The platform another class loader of this JVM started, if any, with spans of this class loader's own. */
    private static Optional<LocalPlatform> startedElsewhere() {
        String settings = System.getProperty(SETTINGS_PROPERTY);
        if (settings == null) {
            return Optional.empty();
        }
        spans = SpanCollector.start();
        return Optional.of(new LocalPlatform(decode(settings), Distribution.fromBuild(), spans.tracesEndpoint()));
    }

    private static LocalPlatform newPlatform() {
        try {
            Path home = Path.of("target", "test-infra").toAbsolutePath();
            LocalPlatform stale = new LocalPlatform(PlatformSettings.withFreePorts(home), Distribution.fromBuild());
            stale.stop(); // a previous run killed before its shutdown hook ran
            deleteRecursively(home);
            spans = SpanCollector.start();
            PlatformSettings settings = PlatformSettings.withFreePorts(home);
            LocalPlatform started = new LocalPlatform(settings, Distribution.fromBuild(), spans.tracesEndpoint());
            System.setProperty(SETTINGS_PROPERTY, encode(settings));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-test-infrastructure"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static EnumSet<LocalPlatform.Component> started() {
        EnumSet<LocalPlatform.Component> started = EnumSet.noneOf(LocalPlatform.Component.class);
        String names = System.getProperty(STARTED_PROPERTY, "");
        for (String name : names.split(",")) {
            if (!name.isEmpty()) {
                started.add(LocalPlatform.Component.valueOf(name));
            }
        }
        return started;
    }

    /** The settings as one line per environment variable, {@code NAME=value}. */
    private static String encode(PlatformSettings settings) {
        StringBuilder encoded = new StringBuilder();
        settings.toEnvironment().forEach((name, value) -> encoded.append(name).append('=').append(value).append('\n'));
        return encoded.toString();
    }

    private static PlatformSettings decode(String encoded) {
        Map<String, String> env = new HashMap<>();
        for (String line : encoded.split("\n")) {
            int equals = line.indexOf('=');
            env.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return PlatformSettings.fromEnvironment(env, Path.of(env.get("DOCSEARCH_HOME")));
    }

    /** Settings for a Kafka client of the test platform (its bootstrap servers and login); Kafka must be started. */
    public static Map<String, Object> kafkaClientConfig() {
        return kafkaClientConfig(Map.of());
    }

    /** {@link #kafkaClientConfig()} with more settings of the client's own. */
    public static synchronized Map<String, Object> kafkaClientConfig(Map<String, Object> more) {
        if (platform == null || !started().contains(LocalPlatform.Component.KAFKA)) {
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
