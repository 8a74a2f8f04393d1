package cn.docsearch.search.indexing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What both stages (indexing and embedding) do with a polled batch: configure, rewind, commit. */
final class Batches {
    private static final int MAX_FETCH_BYTES = 32 * 1024 * 1024;

    private Batches() {
    }

    /** Manual commits, read_committed, from the beginning of the topic for a new group. */
    static Map<String, Object> consumerConfig(Map<String, Object> kafkaConfig, String groupId, int maxPollRecords,
                                              Duration sessionTimeout) {
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        consumerConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_FETCH_BYTES);
        consumerConfig.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_FETCH_BYTES);
        consumerConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        consumerConfig.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) sessionTimeout.toMillis() / 4);
        return consumerConfig;
    }

    /**
     * The offsets to commit once the whole batch is written, limited to partitions this consumer still owns, each
     * marked with the topic's id. Past the batch's last record comes what the consumer skipped after it: a
     * transaction's commit marker, an aborted transaction's records (ingest-service writes in transactions), so that a
     * group that has read everything shows no lag.
     */
    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records,
                                                             KafkaConsumer<String, String> consumer, String topicId) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Set<TopicPartition> owned = consumer.assignment();
        for (TopicPartition partition : records.partitions()) {
            if (owned.contains(partition)) {
                List<ConsumerRecord<String, String>> inPartition = records.records(partition);
                long afterLast = inPartition.get(inPartition.size() - 1).offset() + 1;
                offsets.put(partition, new OffsetAndMetadata(Math.max(afterLast, consumer.position(partition)), topicId));
            }
        }
        return offsets;
    }

    /**
     * Whether an offset was committed on an earlier topic of the same name. Offsets committed before commits
     * carried the topic's id count as this topic's.
     */
    static boolean fromOtherTopic(OffsetAndMetadata committed, String topicId) {
        return committed != null && committed.metadata() != null && !committed.metadata().isEmpty()
                && !committed.metadata().equals(topicId);
    }

    /**
     * One poll that keeps the group membership and reads nothing: every partition paused, and records of partitions a
     * rebalance just handed over (not paused yet) rewound, to be read again once the partitions are resumed.
     */
    static void pollPaused(KafkaConsumer<String, String> consumer, Duration timeout) {
        consumer.pause(consumer.assignment());
        ConsumerRecords<String, String> early = consumer.poll(timeout);
        if (!early.isEmpty()) {
            rewind(consumer, early);
        }
    }

    /** Back to the first record of the batch in each partition still owned, so it is read again. */
    static void rewind(KafkaConsumer<String, String> consumer, ConsumerRecords<String, String> records) {
        Set<TopicPartition> owned = consumer.assignment();
        for (TopicPartition partition : records.partitions()) {
            if (owned.contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }
}
