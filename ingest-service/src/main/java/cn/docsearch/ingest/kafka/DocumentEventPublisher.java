package cn.docsearch.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.event.DocumentEvent;
import cn.docsearch.ingest.service.DocumentRefusedException;
import cn.docsearch.kafka.TopicSettings;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;

/**
 * Publishes document events keyed by document id, with acks=all and an idempotent producer; callers report a
 * document accepted only once the broker has acknowledged it. The producer's own delivery timeout is within the
 * request's wait, so a record the caller was told failed is not delivered later.
 */
@ApplicationScoped
public class DocumentEventPublisher {
    private static final Logger LOG = Logger.getLogger(DocumentEventPublisher.class);
    /** Largest record the producer sends; the broker's message.max.bytes is set to the same (deploy/). */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final IngestConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper objectMapper;
    private final KafkaProducer<String, String> producer;

    public DocumentEventPublisher(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                  ObjectMapper objectMapper) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.objectMapper = objectMapper;
        this.producer = new KafkaProducer<>(producerConfig(config, kafkaConfig), new StringSerializer(), new StringSerializer());
    }

    private static Map<String, Object> producerConfig(IngestConfig config, Map<String, Object> kafkaConfig) {
        // Metadata wait plus delivery fit inside the request's wait, so the send's outcome is always known in time
        int deliveryTimeoutMs = (int) config.publishTimeout().toMillis() / 2;
        // a batch sends all its events before awaiting them: let the producer gather them into few requests
        int lingerMs = 5;
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeoutMs);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, deliveryTimeoutMs - lingerMs);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        return producerConfig;
    }

    /**
     * Creates the topic when missing, or brings an existing one to the settings below; the broker may be down at
     * start-up, publishing then fails per request with 503. The topic is compacted, never expired: the latest event
     * of every document stays, so the index can always be rebuilt and this service's registry refilled from it.
     */
    void ensureTopic(@Observes StartupEvent startup) {
        TopicSettings settings = new TopicSettings(config.topic(), config.topicPartitions(), config.topicReplicationFactor(),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(config.topicTombstoneRetention().toMillis()),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(config.topicMinInsyncReplicas()),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES)));
        try {
            List<String> changed = settings.apply(kafkaConfig, config.publishTimeout());
            if (!changed.isEmpty()) {
                LOG.warnf("Topic %s had other settings; changed %s", config.topic(), changed);
            }
        } catch (ExecutionException e) {
            LOG.warnf("Could not create or check topic %s now: %s", config.topic(), e.getCause().getMessage());
        } catch (TimeoutException e) {
            LOG.warnf("Kafka not reachable at start-up to create or check topic %s", config.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands the event to the producer without waiting: the future completes once the broker has acknowledged it, so
     * a batch can send all its documents and then await them together. Failing to hand it over (no metadata within
     * the wait, a full buffer) is thrown at once.
     *
     * @throws PublishException when the producer cannot take the event
     * @throws DocumentRefusedException when the event would exceed the message size limit
     */
    public CompletableFuture<RecordMetadata> send(DocumentEvent event) {
        String value;
        try {
            value = objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Document events always serialise", e);
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_MESSAGE_BYTES - 1024) {
            throw new DocumentRefusedException(413, "document-too-large", "the document with its structure takes "
                    + bytes + " bytes; the limit for one document is " + (MAX_MESSAGE_BYTES - 1024) + " bytes");
        }
        return send(new ProducerRecord<>(config.topic(), null, event.id(), value, versionHeader(event.metadata().version())));
    }

    /**
     * A tombstone: the document with this id is deleted wherever the topic is read. Like every event it carries its
     * version in a header, so that it orders against the document's events even where offsets do not (a recreated
     * topic, one id's events in two partitions).
     */
    public RecordMetadata publishDeletion(String id, int version) {
        return await(send(new ProducerRecord<>(config.topic(), null, id, null, versionHeader(version))));
    }

    private static Headers versionHeader(int version) {
        return new RecordHeaders().add(DocumentEvent.VERSION_HEADER, Integer.toString(version).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits for the broker's acknowledgement of a sent event, at most the publish timeout.
     *
     * @throws PublishException when the broker did not acknowledge in time or refused the event
     */
    public RecordMetadata await(Future<RecordMetadata> acknowledged) {
        try {
            return acknowledged.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishException("Kafka did not accept the document: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("Kafka did not acknowledge within " + config.publishTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("Interrupted while waiting for Kafka", e);
        }
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<String, String> record) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.complete(metadata);
                } else {
                    acknowledged.completeExceptionally(failure);
                }
            });
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new PublishException("Kafka did not accept the document: " + e.getMessage(), e);
        }
        return acknowledged;
    }

    @PreDestroy
    void close() {
        producer.close(config.publishTimeout());
    }
}
