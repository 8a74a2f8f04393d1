package cn.docsearch.ingest.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.kafka.TopicSettings;

/**
 * The two topics ingest-service writes: the document topic (events and tombstones, the system of record) and the
 * registry topic (one small record per document). Both are compacted, never expired, with the same partitions: a
 * document's records go to the same partition number in both, the one its writer owns.
 */
final class DocumentTopics {
    private static final Logger LOG = Logger.getLogger(DocumentTopics.class);
    /** Largest record the producer sends; the broker's message.max.bytes is set to the same (deploy/). */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private DocumentTopics() {
    }

    /**
     * Creates the topics when missing, or brings existing ones to these settings; the broker may be down at start-up,
     * the writers then wait for it.
     */
    static void ensure(IngestConfig config, Map<String, Object> kafkaConfig) {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(config.topicMinInsyncReplicas()));
        Map<String, String> documents = new HashMap<>(compacted);
        documents.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(config.topicTombstoneRetention().toMillis()));
        documents.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
        Map<String, String> registry = new HashMap<>(compacted);
        // an Idempotency-Key stays readable as long as it is honoured, even when a newer version of its document follows
        registry.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(config.idempotencyKeyRetention().toMillis()));
        apply(new TopicSettings(config.topic(), config.topicPartitions(), config.topicReplicationFactor(), documents),
                kafkaConfig, config.publishTimeout());
        // partition n of the registry topic holds the documents of partition n of the document topic
        int partitions = partitionCount(config.topic(), kafkaConfig, config.publishTimeout()).orElse(config.topicPartitions());
        apply(new TopicSettings(config.registryTopic(), partitions, config.topicReplicationFactor(), registry),
                kafkaConfig, config.publishTimeout());
    }

    private static Optional<Integer> partitionCount(String topic, Map<String, Object> kafkaConfig, Duration timeout) {
        Map<String, Object> adminConfig = new HashMap<>(kafkaConfig);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() / 2);
        try (Admin admin = Admin.create(adminConfig)) {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().size());
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void apply(TopicSettings settings, Map<String, Object> kafkaConfig, Duration timeout) {
        try {
            List<String> changed = settings.apply(kafkaConfig, timeout);
            if (!changed.isEmpty()) {
                LOG.warnf("Topic %s had other settings; changed %s", settings.name(), changed);
            }
        } catch (ExecutionException e) {
            LOG.warnf("Could not create or check topic %s now: %s", settings.name(), e.getCause().getMessage());
        } catch (TimeoutException e) {
            LOG.warnf("Kafka not reachable at start-up to create or check topic %s", settings.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
