package cn.docsearch.search.dictionary;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
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

import cn.docsearch.kafka.PoisonRecords;
import cn.docsearch.kafka.TopicFollower;
import cn.docsearch.kafka.TopicSettings;
import cn.docsearch.search.config.SearchConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * The dictionary's versions in Kafka, the system of record: every instance follows the compacted topic from its
 * beginning and holds the latest version; an update is written there and counts once this instance has read it back.
 */
@ApplicationScoped
public class DictionaryLog {
    static final String STAGE = "dictionary";

    private final String topic;
    private final Map<String, Object> kafkaConfig;
    private final TopicSettings topicSettings;
    private final ObjectMapper objectMapper;
    private final PoisonRecords poison;
    private final Duration publishTimeout;
    private final TopicFollower follower;
    private final KafkaProducer<String, String> producer;
    private final AtomicReference<Dictionary> current = new AtomicReference<>(Dictionary.EMPTY);
    private Thread topicCreation;

    public DictionaryLog(SearchConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                         ObjectMapper objectMapper, MeterRegistry meters) {
        this.topic = config.dictionary().topic();
        this.kafkaConfig = kafkaConfig;
        this.objectMapper = objectMapper;
        this.poison = new PoisonRecords(meters);
        this.publishTimeout = config.dictionary().publishTimeout();
        this.topicSettings = new TopicSettings(topic, 1, config.dictionary().replicationFactor(),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        this.follower = new TopicFollower(topic, kafkaConfig, this::read, poison, STAGE);
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) publishTimeout.toMillis());
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) publishTimeout.toMillis());
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, publishTimeout.toMillis());
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    }

    void start(@Observes StartupEvent startup) {
        // the broker may be away at start-up: the topic is created when it comes, and the follower waits for it
        topicCreation = topicSettings.applyInBackground(kafkaConfig, publishTimeout, Duration.ofSeconds(5), () -> { });
        follower.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        topicCreation.interrupt();
        follower.stop();
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** The latest version this instance has read (version 0, empty, before any was written). */
    public Dictionary current() {
        return current.get();
    }

    /** Whether this instance has read the topic to the end it had when it started following it. */
    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /** Waits until this instance holds what had been written when this was called (another instance's update). */
    public boolean awaitRecent(Duration timeout) throws InterruptedException {
        return follower.awaitRecent(timeout);
    }

    /**
     * Writes a version and waits until this instance has read it back, so the caller's next read sees it.
     *
     * @throws TimeoutException when Kafka did not acknowledge it, or it was not read back, within the publish timeout
     */
    public Dictionary publish(Dictionary dictionary) throws TimeoutException, InterruptedException {
        String value;
        try {
            value = objectMapper.writeValueAsString(DictionaryEvent.of(dictionary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        RecordMetadata written;
        try {
            written = producer.send(new ProducerRecord<>(topic, DictionaryEvent.KEY, value))
                    .get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TimeoutException("Kafka did not take the dictionary: " + e.getCause());
        }
        if (!follower.awaitFollowed(written.partition(), written.offset() + 1, publishTimeout)) {
            throw new TimeoutException("The dictionary was written but not read back within " + publishTimeout);
        }
        Dictionary now = current();
        if (!now.equals(dictionary)) {
            // another instance wrote the same version at the same moment, after this one: its version is the dictionary
            throw new StaleDictionaryException(dictionary.version() - 1, now.version());
        }
        return now;
    }

    private void read(ConsumerRecord<String, String> record) {
        if (!DictionaryEvent.KEY.equals(record.key()) || record.value() == null) {
            poison.skip(STAGE, record, "not a dictionary record");
            return;
        }
        Dictionary read;
        try {
            read = objectMapper.readValue(record.value(), DictionaryEvent.class).toDictionary();
        } catch (JsonProcessingException e) {
            poison.skip(STAGE, record, PoisonRecords.reasonOf(e));
            return;
        } catch (IllegalArgumentException e) {
            poison.skip(STAGE, record, e.getMessage());
            return;
        }
        // the topic's order decides; a lower version written later (two updates at once) still loses to the higher one
        current.accumulateAndGet(read, (known, next) -> next.version() >= known.version() ? next : known);
    }
}
