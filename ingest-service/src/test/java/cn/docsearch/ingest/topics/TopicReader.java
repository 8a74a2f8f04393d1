package cn.docsearch.ingest.topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import cn.docsearch.infra.TestInfrastructure;

/** Reads a topic from the beginning with a plain consumer, to see what really reached the broker. */
public final class TopicReader {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private TopicReader() {
    }

    /** The latest record with this key, waiting for it to appear. */
    public static Optional<ConsumerRecord<String, String>> find(String topic, String key,
                                                                Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<ConsumerRecord<String, String>> records = all(topic, key);
            if (!records.isEmpty()) {
                return Optional.of(records.get(records.size() - 1));
            }
        }
        return Optional.empty();
    }

    /** Every record with this key, oldest first, up to the end of the topic as it is now. */
    public static List<ConsumerRecord<String, String>> all(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> matching = new ArrayList<>();
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (Instant.now().isBefore(deadline) && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        matching.add(record);
                    }
                }
            }
            return matching;
        }
    }

    /** How many records the topic holds in all: unchanged across a request means nothing was published. */
    public static long size(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer, topic)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        // what every consumer of the platform sees: committed transactions only
        return new KafkaConsumer<>(TestInfrastructure.kafkaClientConfig(Map.of("isolation.level", "read_committed")),
                new StringDeserializer(), new StringDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        return consumer.partitionsFor(topic, READ_TIMEOUT).stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }
}
