package cn.docsearch.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.event.DocumentEvent;
import cn.docsearch.ingest.service.IngestOutcome;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Which documents exist, by id and by content hash, and which Idempotency-Keys were used: a view of the
 * documents topic, read from the beginning at start-up and followed afterwards (so it also sees what
 * other instances publish). Kafka stays the only store; the view is rebuilt on every start.
 */
@ApplicationScoped
public class DocumentRegistry {
    private static final Logger LOG = Logger.getLogger(DocumentRegistry.class);

    /**
     * A document as last seen in the log; {@code deleted} marks a tombstone, whose version is the deletion's.
     * {@code versioned}: the record carried its version (header), so the version orders it, since offsets say nothing
     * across partitions or a recreated topic; a record from before versions were carried is ordered by its offset.
     */
    public record Known(String id, String contentHash, int version, int charCount, String title, long offset,
                        boolean deleted, boolean versioned) {
    }

    private record RememberedKey(String contentHash, IngestOutcome outcome, Instant at) {
    }

    private final IngestConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper objectMapper;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Known> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByHash = new ConcurrentHashMap<>();
    private final Map<String, RememberedKey> byIdempotencyKey = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread follower;

    public DocumentRegistry(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                            ObjectMapper objectMapper) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.objectMapper = objectMapper;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        follower = new Thread(this::follow, "document-registry");
        follower.setDaemon(true);
        follower.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        follower.join(Duration.ofSeconds(10).toMillis());
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Optional<Known> byId(String id) {
        return Optional.ofNullable(byId.get(id)).filter(known -> !known.deleted());
    }

    /** The document's last version, a deletion included (0 if it never existed): the next one is one more. */
    public int lastVersion(String id) {
        Known known = byId.get(id);
        return known == null ? 0 : known.version();
    }

    public Optional<Known> byContentHash(String contentHash) {
        return Optional.ofNullable(idByHash.get(contentHash)).flatMap(this::byId)
                .filter(known -> known.contentHash().equals(contentHash));
    }

    /** The outcome first given for this key, unless it was used for different content (then the caller must be told). */
    public Optional<IngestOutcome> outcomeFor(String idempotencyKey, String contentHash) {
        RememberedKey remembered = byIdempotencyKey.get(idempotencyKey);
        if (remembered == null || remembered.at().isBefore(Instant.now(clock).minus(config.idempotencyKeyRetention()))) {
            return Optional.empty();
        }
        if (!remembered.contentHash().equals(contentHash)) {
            throw new IdempotencyKeyConflictException(idempotencyKey);
        }
        return Optional.of(remembered.outcome());
    }

    public void rememberKey(String idempotencyKey, IngestOutcome outcome) {
        byIdempotencyKey.put(idempotencyKey, new RememberedKey(outcome.contentHash(), outcome, Instant.now(clock)));
    }

    /** Called once Kafka acknowledged, so the next request sees the document before the follower reads it back. */
    public void recordPublished(Known known) {
        apply(known);
    }

    private void apply(Known known) {
        Known previous = byId.get(known.id());
        if (previous != null && (previous.versioned() && known.versioned() ? previous.version() > known.version()
                : previous.offset() > known.offset())) {
            return; // the follower is replaying something this instance has already superseded
        }
        byId.put(known.id(), known);
        if (previous != null && !previous.deleted()) {
            idByHash.remove(previous.contentHash(), known.id());
        }
        if (!known.deleted()) {
            idByHash.put(known.contentHash(), known.id());
        }
    }

    private void follow() {
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new StringDeserializer())) {
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                    read(record);
                }
                if (!isCaughtUp() && partitions.stream().allMatch(p -> kafka.position(p) >= end.get(p))) {
                    LOG.infof("Document registry caught up: %d documents", byId.values().stream().filter(k -> !k.deleted()).count());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("Document registry stopped following the topic", e);
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, String> kafka) {
        while (running) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(config.topic(), Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.debugf("Topic %s not reachable yet", config.topic());
            }
        }
        throw new WakeupException();
    }

    private void read(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return;
        }
        Integer version = headerVersion(record);
        if (record.value() == null) {
            // a tombstone from before versions were carried counts as the version it deleted
            apply(new Known(record.key(), "", version != null ? version : lastVersion(record.key()), 0, null,
                    record.offset(), true, version != null));
            return;
        }
        try {
            JsonNode event = objectMapper.readTree(record.value());
            JsonNode metadata = event.path("metadata");
            Known known = new Known(record.key(), event.path("contentHash").asText(), metadata.path("version").asInt(1),
                    metadata.path("charCount").asInt(), event.path("title").asText(null), record.offset(), false,
                    version != null);
            apply(known);
            String key = metadata.path("idempotencyKey").asText(null);
            if (key != null) {
                Instant at = Instant.parse(event.path("ingestedAt").asText(Instant.now(clock).toString()));
                byIdempotencyKey.putIfAbsent(key, new RememberedKey(known.contentHash(), new IngestOutcome(known.id(),
                        IngestOutcome.ACCEPTED, known.contentHash(), known.version(), known.charCount(), known.title()), at));
            }
        } catch (Exception e) {
            LOG.warnf("Skipping unreadable event %s/%d/%d", record.topic(), record.partition(), record.offset());
        }
    }

    /** The version a record carries in its header; null when it has none (or one that is not a number). */
    private static Integer headerVersion(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(DocumentEvent.VERSION_HEADER);
        try {
            return header == null ? null : Integer.valueOf(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 32 * 1024 * 1024);
        consumerConfig.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
        return consumerConfig;
    }
}
