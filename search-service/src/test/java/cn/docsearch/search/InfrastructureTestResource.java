package cn.docsearch.search;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import cn.docsearch.kafka.TopicSettings;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real Kafka broker and Elasticsearch node with IK, started once for the whole module run, with the document
 * topics the tests write to: ingest-service creates them on the platform, and the broker creates no topic by itself.
 */
public class InfrastructureTestResource implements QuarkusTestResourceLifecycleManager {
    private static final List<String> DOCUMENT_TOPICS = List.of("documents", "documents-rebuild", "documents-evaluation", "documents-dictionary-it", "documents-load",
            "documents-degraded");

    @Override
    public Map<String, String> start() {
        LocalPlatform platform = TestInfrastructure.start(LocalPlatform.INFRASTRUCTURE);
        Map<String, Object> kafka = platform.kafkaClientConfig();
        try {
            for (String topic : DOCUMENT_TOPICS) {
                new TopicSettings(topic, 3, (short) 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "16777216"))
                        .apply(kafka, Duration.ofSeconds(30));
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the document topics", e);
        }
        Map<String, String> config = new HashMap<>(platform.kafkaServiceConfig());
        config.putAll(platform.elasticsearchServiceConfig());
        return config;
    }

    @Override
    public void stop() {
        // stopped once, when the test JVM exits
    }
}
