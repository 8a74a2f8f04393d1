package cn.docsearch.search.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.index.TransientIndexingException;
import io.smallrye.common.annotation.Identifier;

/**
 * Forwards an event that can never be indexed to the dead-letter topic, unchanged, with where it came
 * from and why in headers, so nothing is dropped silently and it can be replayed once fixed.
 */
@ApplicationScoped
public class DeadLetterPublisher {
    public static final String HEADER_REASON = "docsearch.dlq.reason";
    public static final String HEADER_ORIGIN = "docsearch.dlq.origin";

    private final String topic;
    private final KafkaProducer<String, String> producer;

    public DeadLetterPublisher(SearchConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.topic = config.consumer().deadLetterTopic();
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    }

    /** Waits for the broker's acknowledgement; a failure is transient, so the batch is retried. */
    public void send(ConsumerRecord<String, String> record, String reason) throws TransientIndexingException {
        ProducerRecord<String, String> deadLetter = new ProducerRecord<>(topic, record.key(), record.value());
        deadLetter.headers()
                .add(HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8))
                .add(HEADER_ORIGIN, DocumentEventConsumer.origin(record).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(deadLetter).get(30, TimeUnit.SECONDS);
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
