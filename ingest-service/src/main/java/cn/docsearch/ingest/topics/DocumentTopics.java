package cn.docsearch.ingest.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.kafka.TopicFollower;
import cn.docsearch.kafka.TopicSettings;

/**
 * The topics ingest-service writes: the document topic (events and tombstones, the system of record), the registry
 * topic (one small record per document) and the two topics of originals (the uploaded files' chunks, and a manifest
 * per document), all compacted, never expired, with the same partitions (a document's records go to the same partition
 * number in each, the one its writer owns); and the two topics of bulk jobs (their input and their status), kept for
 * {@code ingest.jobs.retention}.
 */
public final class DocumentTopics {
    private static final Logger LOG = Logger.getLogger(DocumentTopics.class);
    /** Largest record the producer sends; the broker's message.max.bytes is set to the same (deploy/). */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Largest document event: one record, less room for its key and headers. */
    public static final int MAX_EVENT_BYTES = MAX_MESSAGE_BYTES - 1024;

    private DocumentTopics() {
    }

    /**
     * Creates the topics when missing, or brings existing ones to these settings; the broker may be down at start-up,
     * the writers then wait for it.
     */
    public static void ensure(IngestConfig config, Map<String, Object> kafkaConfig) {
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
        // the originals too: a replaced or deleted file's tombstones need only stay until every view has read them
        Map<String, String> originals = new HashMap<>(compacted);
        originals.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(config.originals().tombstoneRetention().toMillis()));
        Map<String, String> chunks = new HashMap<>(originals);
        chunks.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
        apply(new TopicSettings(config.originals().topic(), partitions, config.topicReplicationFactor(), chunks),
                kafkaConfig, config.publishTimeout());
        apply(new TopicSettings(config.originals().manifestTopic(), partitions, config.topicReplicationFactor(), originals),
                kafkaConfig, config.publishTimeout());
        String retention = Long.toString(config.jobs().retention().toMillis());
        apply(new TopicSettings(config.jobs().inputTopic(), config.topicPartitions(), config.topicReplicationFactor(),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, retention,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(config.topicMinInsyncReplicas()))),
                kafkaConfig, config.publishTimeout());
        // a job's latest status is kept while its input is: compacted, and deleted after the same time
        apply(new TopicSettings(config.jobs().statusTopic(), config.topicPartitions(), config.topicReplicationFactor(),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, retention,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(config.topicMinInsyncReplicas()))),
                kafkaConfig, config.publishTimeout());
    }

    /** A consumer of what writers committed ({@link TopicFollower#committedReaderConfig}). */
    public static KafkaConsumer<String, String> committedReader(Map<String, Object> kafkaConfig) {
        return new KafkaConsumer<>(TopicFollower.committedReaderConfig(kafkaConfig), new StringDeserializer(), new StringDeserializer());
    }

    /**
     * A committed reader of whole documents that holds one fetch of at most one record's size at a time (a record may
     * be as large as the topic allows): reading a topic of large documents stays within a small heap.
     */
    public static KafkaConsumer<String, String> documentReader(Map<String, Object> kafkaConfig) {
        Map<String, Object> consumerConfig = TopicFollower.committedReaderConfig(kafkaConfig);
        consumerConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_MESSAGE_BYTES);
        consumerConfig.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_MESSAGE_BYTES);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        return new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * An idempotent producer's settings (every record acknowledged by the in-sync replicas) that gives up on a record
     * within the timeout, so that a caller told "not stored" is never proven wrong later.
     */
    public static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig, Duration deliveryTimeout) {
        int lingerMs = 5;
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeout.toMillis());
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis() - lingerMs);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        return producerConfig;
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
