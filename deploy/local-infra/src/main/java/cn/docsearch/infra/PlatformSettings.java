package cn.docsearch.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the platform keeps its data and which ports it uses. */
public record PlatformSettings(Path home, int kafkaPort, int kafkaControllerPort, int elasticsearchPort,
                               int elasticsearchTransportPort, int gatewayPort, int ingestPort, int searchPort,
                               String elasticsearchHeap, String kafkaHeap) {

    /** The local platform: defaults from docs/configuration.md, each overridable by an environment variable. */
    public static PlatformSettings fromEnvironment(Map<String, String> env, Path defaultHome) {
        return new PlatformSettings(
                Path.of(env.getOrDefault("DOCSEARCH_HOME", defaultHome.toString())).toAbsolutePath(),
                port(env, "DOCSEARCH_KAFKA_PORT", 9092),
                port(env, "DOCSEARCH_KAFKA_CONTROLLER_PORT", 9093),
                port(env, "DOCSEARCH_ES_PORT", 9200),
                port(env, "DOCSEARCH_ES_TRANSPORT_PORT", 9300),
                port(env, "DOCSEARCH_GATEWAY_PORT", 8080),
                port(env, "DOCSEARCH_INGEST_PORT", 8081),
                port(env, "DOCSEARCH_SEARCH_PORT", 8082),
                env.getOrDefault("DOCSEARCH_ES_HEAP", "1g"),
                env.getOrDefault("DOCSEARCH_KAFKA_HEAP", "512m"));
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
        return env;
    }

    /** Tests: every port chosen free, so a test run never collides with a running local platform. */
    public static PlatformSettings withFreePorts(Path home) {
        return new PlatformSettings(home.toAbsolutePath(), Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                Ports.free(), Ports.free(), Ports.free(), "512m", "256m");
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.trim());
    }
}
