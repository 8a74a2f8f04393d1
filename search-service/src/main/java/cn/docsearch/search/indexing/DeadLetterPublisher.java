package cn.docsearch.search.indexing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import cn.docsearch.kafka.TopicSettings;
import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.index.TransientIndexingException;
import cn.docsearch.search.metrics.SearchMetrics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Forwards an event that can never be indexed to the dead-letter topic, unchanged, with where it came
 * from and why in headers, so nothing is dropped silently and it can be replayed once fixed.
 */
@ApplicationScoped
public class DeadLetterPublisher {
    public static final String HEADER_REASON = "docsearch.dlq.reason";
    public static final String HEADER_ORIGIN = "docsearch.dlq.origin";
    /** The stage that could not process the record: indexing or embedding. */
    public static final String HEADER_STAGE = "docsearch.dlq.stage";

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final TopicSettings topicSettings;
    private final Map<String, Object> kafkaConfig;
    private final KafkaProducer<String, String> producer;

    private final SearchMetrics metrics;

    public DeadLetterPublisher(SearchConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                               SearchMetrics metrics) {
        this.metrics = metrics;
        this.topic = config.consumer().deadLetterTopic();
        this.kafkaConfig = kafkaConfig;
        // one partition: dead letters are few, and in one place they read in the order they failed
        this.topicSettings = new TopicSettings(topic, 1, config.consumer().deadLetterReplicationFactor(),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES)));
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    }

    /**
     * Creates the dead-letter topic, or brings an existing one to these settings: a topic auto-created on the first
     * dead letter would keep the broker's 7-day retention, and dead letters would vanish before anyone looked.
     */
    void ensureTopic(@Observes StartupEvent startup) {
        try {
            List<String> changed = topicSettings.apply(kafkaConfig, ADMIN_TIMEOUT);
            if (!changed.isEmpty()) {
                LOG.warnf("Topic %s had other settings; changed %s", topic, changed);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Could not create or check topic %s now (retried at the next start): %s", topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the broker's acknowledgement; a failure is transient, so the batch is retried. */
    public void send(ConsumerRecord<String, String> record, String reason, String stage) throws TransientIndexingException {
        ProducerRecord<String, String> deadLetter = new ProducerRecord<>(topic, record.key(), record.value());
        deadLetter.headers()
                .add(HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8))
                .add(HEADER_ORIGIN, DocumentEventConverter.origin(record).getBytes(StandardCharsets.UTF_8))
                .add(HEADER_STAGE, stage.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(deadLetter).get(30, TimeUnit.SECONDS);
            metrics.deadLetter();
        } catch (ExecutionException | TimeoutException e) {
            throw new TransientIndexingException("Dead-letter topic unavailable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientIndexingException("Interrupted while dead-lettering", e);
        }
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
