package cn.docsearch.gateway.audit.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.gateway.audit.event.AuditEntry;
import cn.docsearch.gateway.config.GatewayConfig;
import cn.docsearch.kafka.PoisonRecords;
import cn.docsearch.kafka.TopicFollower;
import cn.docsearch.kafka.TopicSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * The audit trail in Kafka topic {@code audit} (kept {@code gateway.audit.retention}): every gateway instance appends
 * to it, and a query reads it back from the asked time on, so any instance answers for all of them.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final String ANONYMOUS = "anonymous";
    /** A query reads at most this many entries from its start time: narrow it with since and until beyond that. */
    private static final int MAX_SCANNED = 200_000;
    /** This stage's name in the count of skipped records (PoisonRecords). */
    public static final String STAGE = "audit";
    /** Skipped records remembered, so that each is reported once, not at every query that reads past it. */
    private static final int MAX_REMEMBERED_POISON = 10_000;

    private final GatewayConfig.Audit config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper objectMapper;
    private final KafkaProducer<String, String> producer;
    private final PoisonRecords poisonRecords;
    private final Set<String> reportedPoison = ConcurrentHashMap.newKeySet();
    private volatile Thread starter;
    private volatile boolean ready;

    public AuditLog(GatewayConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                    ObjectMapper objectMapper, PoisonRecords poisonRecords) {
        this.config = config.audit();
        this.poisonRecords = poisonRecords;
        this.kafkaConfig = kafkaConfig;
        this.objectMapper = objectMapper;
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // an entry waits for a Kafka outage this long in the producer's buffer before it is reported lost
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis());
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    }

    void start(@Observes StartupEvent event) {
        TopicSettings settings = new TopicSettings(config.topic(), 1, config.topicReplicationFactor(),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.retention().toMillis())));
        starter = settings.applyInBackground(kafkaConfig, Duration.ofSeconds(10), Duration.ofSeconds(5), () -> ready = true);
    }

    void stop(@Observes ShutdownEvent event) {
        Thread thread = starter;
        if (thread != null) {
            thread.interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * Appends the entry without holding up the answer; Kafka keeps entries in order per caller. An entry Kafka does not
     * take within ten minutes is logged, in full, as lost from the trail.
     */
    public void record(AuditEntry entry) {
        String json;
        try {
            json = objectMapper.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit entry could not be written as JSON", e);
        }
        try {
            producer.send(new ProducerRecord<>(config.topic(), entry.keyId() == null ? ANONYMOUS : entry.keyId(), json),
                    (metadata, failure) -> {
                        if (failure != null) {
                            LOG.errorf("Audit entry not stored in Kafka (%s): %s", failure.toString(), json);
                        }
                    });
        } catch (RuntimeException e) {
            LOG.errorf("Audit entry not stored in Kafka (%s): %s", e.toString(), json);
        }
    }

    /**
     * The newest entries from {@code since} until {@code until} that the filter keeps, newest first.
     *
     * @throws AuditUnavailableException when Kafka cannot be read
     */
    public List<AuditEntry> read(Instant since, Instant until, Predicate<AuditEntry> filter, int limit) {
        if (!ready) {
            throw new AuditUnavailableException(null);
        }
        Map<String, Object> consumerConfig = TopicFollower.committedReaderConfig(kafkaConfig);
        Deque<AuditEntry> newest = new ArrayDeque<>(limit);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(config.topic(), Duration.ofSeconds(5))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(5));
            Map<TopicPartition, Long> start = new HashMap<>();
            partitions.forEach(partition -> start.put(partition, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(start, Duration.ofSeconds(5));
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = from.get(partition);
                consumer.seek(partition, offset == null ? end.get(partition) : offset.offset());
            }
            int scanned = 0;
            while (scanned < MAX_SCANNED && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    scanned++;
                    AuditEntry entry = parse(record);
                    if (entry == null || entry.at().isBefore(since) || entry.at().isAfter(until) || !filter.test(entry)) {
                        continue;
                    }
                    if (newest.size() == limit) {
                        newest.removeFirst();
                    }
                    newest.addLast(entry);
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new AuditUnavailableException(e);
        }
        List<AuditEntry> entries = new ArrayList<>(newest);
        entries.sort((a, b) -> b.at().compareTo(a.at()));
        return entries;
    }

    /** The entry a record holds, or null for one that can never be an entry (skipped, reported once). */
    private AuditEntry parse(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null) {
                return skip(record, "no value");
            }
            AuditEntry entry = objectMapper.readValue(record.value(), AuditEntry.class);
            if (entry == null) {
                return skip(record, "not an audit entry: JSON null");
            }
            return entry.at() == null ? skip(record, "not an audit entry: no 'at'") : entry;
        } catch (JsonProcessingException e) {
            return skip(record, PoisonRecords.reasonOf(e));
        } catch (RuntimeException e) {
            return skip(record, "could not be read (" + e + ")");
        }
    }

    private AuditEntry skip(ConsumerRecord<String, String> record, String reason) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (reportedPoison.size() < MAX_REMEMBERED_POISON && reportedPoison.add(where)) {
            poisonRecords.skip(STAGE, record, reason);
        }
        return null;
    }

    /** The trail cannot be read at the moment (Kafka away, or the gateway still starting). */
    public static class AuditUnavailableException extends RuntimeException {
        AuditUnavailableException(Exception cause) {
            super(cause);
        }
    }
}
