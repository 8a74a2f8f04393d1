package cn.docsearch.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the platform keeps its data, which ports it uses, and how much memory and CPU priority its processes get.
 *
 * @param backgroundNiceness how far below the processes that answer searches (gateway, search-service,
 *                           Elasticsearch) the ones that only take documents in (ingest-service, Kafka) run when the
 *                           cores are contended: 0 to 19; 0 leaves every process and thread as the operating system
 *                           has them, above 0 also runs the compiler threads of gateway and search-service below
 *                           their work
 */
public record PlatformSettings(Path home, int kafkaPort, int kafkaControllerPort, int elasticsearchPort,
                               int elasticsearchTransportPort, int gatewayPort, int ingestPort, int searchPort,
                               String elasticsearchHeap, String kafkaHeap, int backgroundNiceness) {

    /** The local platform: defaults from docs/configuration.md, each overridable by an environment variable. */
    public static PlatformSettings fromEnvironment(Map<String, String> env, Path defaultHome) {
        return new PlatformSettings(
                Path.of(env.getOrDefault("DOCSEARCH_HOME", defaultHome.toString())).toAbsolutePath(),
                number(env, "DOCSEARCH_KAFKA_PORT", 9092),
                number(env, "DOCSEARCH_KAFKA_CONTROLLER_PORT", 9093),
                number(env, "DOCSEARCH_ES_PORT", 9200),
                number(env, "DOCSEARCH_ES_TRANSPORT_PORT", 9300),
                number(env, "DOCSEARCH_GATEWAY_PORT", 8080),
                number(env, "DOCSEARCH_INGEST_PORT", 8081),
                number(env, "DOCSEARCH_SEARCH_PORT", 8082),
                env.getOrDefault("DOCSEARCH_ES_HEAP", "1g"),
                env.getOrDefault("DOCSEARCH_KAFKA_HEAP", "256m"),
                niceness(env, "DOCSEARCH_BACKGROUND_NICENESS", 5));
    }

    /**
     * The environment variables {@link #fromEnvironment} reads, holding these settings: another process, or another
     * class loader, gets the same platform from them.
     */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCSEARCH_HOME", home.toString());
        env.put("DOCSEARCH_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("DOCSEARCH_KAFKA_CONTROLLER_PORT", String.valueOf(kafkaControllerPort));
        env.put("DOCSEARCH_ES_PORT", String.valueOf(elasticsearchPort));
        env.put("DOCSEARCH_ES_TRANSPORT_PORT", String.valueOf(elasticsearchTransportPort));
        env.put("DOCSEARCH_GATEWAY_PORT", String.valueOf(gatewayPort));
        env.put("DOCSEARCH_INGEST_PORT", String.valueOf(ingestPort));
        env.put("DOCSEARCH_SEARCH_PORT", String.valueOf(searchPort));
        env.put("DOCSEARCH_ES_HEAP", elasticsearchHeap);
        env.put("DOCSEARCH_KAFKA_HEAP", kafkaHeap);
        env.put("DOCSEARCH_BACKGROUND_NICENESS", String.valueOf(backgroundNiceness));
        return env;
    }

    /**
     * Tests: every port chosen free, so a test run never collides with a running local platform; every process as the
     * operating system has it, beside the build's own processes in the same session.
     */
    public static PlatformSettings withFreePorts(Path home) {
        return new PlatformSettings(home.toAbsolutePath(), Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                Ports.free(), Ports.free(), Ports.free(), "512m", "256m", 0);
    }

    /**
     * The services that answer searches (gateway, search-service): at the top, their compilers below their work; with
     * a niceness of 0, as the operating system has them. Elasticsearch keeps its compiler as its work: lowered, a
     * young node's writes cost more than half as much CPU again while its compiler waited.
     */
    CpuPriority searchPriority() {
        return backgroundNiceness == 0 ? CpuPriority.EQUAL : new CpuPriority(0, true);
    }

    /**
     * The processes that only take documents in (ingest-service, Kafka): their niceness below the others, their
     * compilers as their work. Lowered too, a young ingest-service parsed a bulk load so slowly that it refused
     * documents (503: not handed to its writer within 2.5 s).
     */
    CpuPriority intakePriority() {
        return new CpuPriority(backgroundNiceness, false);
    }

    private static int niceness(Map<String, String> env, String name, int defaultNiceness) {
        try {
            int niceness = number(env, name, defaultNiceness);
            if (niceness >= 0 && niceness <= 19) {
                return niceness;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a whole number from 0 to 19, not '" + env.get(name) + "'");
    }

    /** The variable's whole number, or the default when it is not set. */
    private static int number(Map<String, String> env, String name, int defaultNumber) {
        String value = env.get(name);
        return value == null || value.isBlank() ? defaultNumber : Integer.parseInt(value.trim());
    }
}
