package cn.docsearch.gateway.auth.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.gateway.auth.event.ApiKeyRecord;
import cn.docsearch.gateway.config.GatewayConfig;
import cn.docsearch.kafka.PoisonRecords;
import cn.docsearch.kafka.TopicFollower;
import cn.docsearch.kafka.TopicSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * The API keys, kept in a compacted topic of one partition and read by every gateway instance from its beginning
 * (Kafka stays the platform's only store; keys survive restarts and reach every instance). A write is applied here as
 * soon as Kafka has it, so a key revoked through this instance is refused by it at once, and by the others as soon as
 * they read it (milliseconds).
 */
@ApplicationScoped
public class ApiKeyTopic {
    /** This stage's name in the count of skipped records (PoisonRecords) and in readiness. */
    public static final String STAGE = "keys";

    private final GatewayConfig.Auth config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper objectMapper;
    private final PoisonRecords poisonRecords;
    private final TopicFollower follower;
    private final KafkaProducer<String, String> producer;
    /** The latest record of each key by id, with the offset it was written at: an older one read later is ignored. */
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final Map<String, ApiKeyRecord> bySecretHash = new ConcurrentHashMap<>();
    private volatile Thread starter;

    private record Entry(ApiKeyRecord key, long offset) {
    }

    public ApiKeyTopic(GatewayConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       ObjectMapper objectMapper, PoisonRecords poisonRecords) {
        this.config = config.auth();
        this.kafkaConfig = kafkaConfig;
        this.objectMapper = objectMapper;
        this.poisonRecords = poisonRecords;
        this.follower = new TopicFollower(this.config.keysTopic(), kafkaConfig, this::read, poisonRecords, STAGE);
        this.producer = new KafkaProducer<>(producerConfig(kafkaConfig, this.config.writeTimeout()), new StringSerializer(),
                new StringSerializer());
    }

    private static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig, Duration timeout) {
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return producerConfig;
    }

    /**
     * Creates the topic (compacted, never expired) and then follows it; Kafka may be away at start-up, the gateway
     * then tries again every few seconds and answers key-holders 503 until it has read the topic.
     */
    void start(@Observes StartupEvent event) {
        TopicSettings settings = new TopicSettings(config.keysTopic(), 1, config.topicReplicationFactor(),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        starter = settings.applyInBackground(kafkaConfig, config.writeTimeout(), Duration.ofSeconds(5), follower::start);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        Thread thread = starter;
        if (thread != null) {
            thread.interrupt();
        }
        follower.stop();
        producer.close(Duration.ofSeconds(5));
    }

    /** Whether the topic has been read to its end once: before, a key not yet read would look unknown. */
    public boolean isReady() {
        return follower.isCaughtUp();
    }

    public Optional<ApiKeyRecord> bySecretHash(String secretHash) {
        return Optional.ofNullable(bySecretHash.get(secretHash));
    }

    public Optional<ApiKeyRecord> byId(String id) {
        return Optional.ofNullable(byId.get(id)).map(Entry::key);
    }

    public List<ApiKeyRecord> all() {
        return byId.values().stream().map(Entry::key).toList();
    }

    /**
     * Writes the key's new state and applies it here once Kafka acknowledged it.
     *
     * @throws KeyStoreUnavailableException when Kafka did not take it within the write timeout
     */
    public void write(ApiKeyRecord key) {
        String json;
        try {
            json = objectMapper.writeValueAsString(key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An API key record could not be written as JSON", e);
        }
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(config.keysTopic(), key.id(), json))
                    .get(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            apply(key, written.offset());
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new KeyStoreUnavailableException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStoreUnavailableException(e);
        }
    }

    /**
     * Applies one record of the topic. A record that can never be a key is skipped (PoisonRecords): the follower
     * would otherwise read it again and again, and no key written after it would ever reach this instance.
     */
    private void read(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null) {
                poisonRecords.skip(STAGE, record, "no value (a key is revoked by a record of its own, never deleted)");
                return;
            }
            ApiKeyRecord key = objectMapper.readValue(record.value(), ApiKeyRecord.class);
            String missing = missingPart(key);
            if (missing != null) {
                poisonRecords.skip(STAGE, record, "not an API key: " + missing);
                return;
            }
            apply(key, record.offset());
        } catch (JsonProcessingException e) {
            poisonRecords.skip(STAGE, record, PoisonRecords.reasonOf(e));
        } catch (RuntimeException e) {
            poisonRecords.skip(STAGE, record, "could not be applied (" + e + ")");
        }
    }

    /** What a record read as JSON lacks to be used as a key, or null when it has all of it. */
    private static String missingPart(ApiKeyRecord key) {
        if (key == null) {
            return "JSON null";
        }
        if (key.id() == null || key.id().isBlank()) {
            return "no 'id'";
        }
        if (key.secretHash() == null || key.secretHash().isBlank()) {
            return "no 'secretHash'";
        }
        if (key.role() == null) {
            return "no 'role'";
        }
        if (key.collections() == null || key.collections().isEmpty() || key.collections().contains(null)) {
            return "no 'collections'";
        }
        return null;
    }

    private void apply(ApiKeyRecord key, long offset) {
        byId.compute(key.id(), (id, current) -> {
            if (current != null && current.offset() > offset) {
                return current;
            }
            bySecretHash.put(key.secretHash(), key);
            return new Entry(key, offset);
        });
    }

    /** Kafka did not take a key's change in time: nothing changed, the caller may try again. */
    public static class KeyStoreUnavailableException extends RuntimeException {
        KeyStoreUnavailableException(Exception cause) {
            super(cause);
        }
    }
}
