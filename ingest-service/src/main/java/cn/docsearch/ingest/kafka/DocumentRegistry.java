package cn.docsearch.ingest.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.event.DocumentState;
import cn.docsearch.ingest.service.IngestOutcome;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Which documents exist, by id and by content hash, and which Idempotency-Keys were used: a view of the registry
 * topic (one small record per document, see {@link DocumentState}), read from the beginning at start-up and followed
 * afterwards, so it also sees what the other instances write. Kafka stays the only store; the view is rebuilt on every
 * start, in seconds even at a million documents since it never reads their texts.
 */
@ApplicationScoped
public class DocumentRegistry {
    private static final Logger LOG = Logger.getLogger(DocumentRegistry.class);
    /** Room for this many documents before the table first grows. */
    private static final int INITIAL_DOCUMENTS = 1 << 16;

    private record RememberedKey(IngestOutcome outcome, Instant at) {
    }

    private final IngestConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper objectMapper;
    private final Clock clock = Clock.systemUTC();
    private final DocumentTable documents = new DocumentTable(INITIAL_DOCUMENTS);
    private final Map<String, RememberedKey> byIdempotencyKey = new ConcurrentHashMap<>();
    /** Per partition of the registry topic, the offset up to which this view has read it. */
    private final Map<Integer, Long> followed = new ConcurrentHashMap<>();
    private final Set<Integer> backfilled = ConcurrentHashMap.newKeySet();
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

    /** Waits until this view has read the partition of the registry topic up to the offset. */
    public boolean awaitFollowed(int partition, long offset, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (followed) {
            while (followed.getOrDefault(partition, -1L) < offset) {
                long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                followed.wait(left);
            }
            return true;
        }
    }

    /** Whether the partition's documents from before the registry topic existed have been taken over into it. */
    public boolean isBackfilled(int partition) {
        return backfilled.contains(partition);
    }

    /** Documents known, deleted ones excluded. */
    public int documentCount() {
        return documents.liveCount();
    }

    public Optional<DocumentTable.Known> byId(String id) {
        return documents.byId(id).filter(known -> !known.deleted());
    }

    /** The document's last version, a deletion included (0 if it never existed): the next one is one more. */
    public int lastVersion(String id) {
        return documents.byId(id).map(DocumentTable.Known::version).orElse(0);
    }

    public Optional<DocumentTable.Known> byContentHash(String contentHash) {
        return documents.byContentHash(contentHash);
    }

    /** The outcome first given for this key, unless it was used for different content (then the caller must be told). */
    public Optional<IngestOutcome> outcomeFor(String idempotencyKey, String contentHash) {
        RememberedKey remembered = byIdempotencyKey.get(idempotencyKey);
        if (remembered == null || isExpired(remembered.at())) {
            return Optional.empty();
        }
        if (!remembered.outcome().contentHash().equals(contentHash)) {
            throw new IdempotencyKeyConflictException(idempotencyKey);
        }
        return Optional.of(remembered.outcome());
    }

    public void rememberKey(String idempotencyKey, IngestOutcome outcome) {
        byIdempotencyKey.putIfAbsent(idempotencyKey, new RememberedKey(outcome, Instant.now(clock)));
    }

    /** Called once Kafka has committed the write, so the next request sees it before the follower reads it back. */
    public void recordPublished(DocumentTable.Known known) {
        documents.apply(known);
    }

    private boolean isExpired(Instant at) {
        return at.isBefore(Instant.now(clock).minus(config.idempotencyKeyRetention()));
    }

    /** Follows the topic for as long as the service runs; a failure (Kafka away too long) costs a pause, not the view. */
    private void follow() {
        while (running) {
            try {
                followFromWhereItStopped();
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("Document registry woken up while running; following again");
                }
            } catch (RuntimeException e) {
                LOG.warnf("Document registry lost the topic (%s); following again in a second", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void followFromWhereItStopped() {
        try (KafkaConsumer<String, String> kafka = DocumentTopics.committedReader(kafkaConfig)) {
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            kafka.assign(partitions);
            for (TopicPartition partition : partitions) {
                Long position = followed.get(partition.partition());
                if (position == null) {
                    kafka.seekToBeginning(List.of(partition));
                } else {
                    kafka.seek(partition, position);
                }
            }
            Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                    read(record);
                }
                synchronized (followed) {
                    partitions.forEach(partition -> followed.put(partition.partition(), kafka.position(partition)));
                    followed.notifyAll();
                }
                if (!isCaughtUp() && partitions.stream().allMatch(p -> followed.get(p.partition()) >= end.get(p))) {
                    LOG.infof("Document registry caught up: %d documents", documents.liveCount());
                    caughtUp.countDown();
                }
            }
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, String> kafka) {
        while (running) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(config.registryTopic(), Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.debugf("Topic %s not reachable yet", config.registryTopic());
            }
        }
        throw new WakeupException();
    }

    private void read(ConsumerRecord<String, String> record) {
        if (DocumentState.BACKFILLED_KEY.equals(record.key())) {
            backfilled.add(record.partition());
            return;
        }
        if (record.key() == null || record.value() == null) {
            return;
        }
        try {
            DocumentState state = objectMapper.readValue(record.value(), DocumentState.class);
            DocumentTable.Known known = new DocumentTable.Known(record.key(), state.contentHash(), state.version(),
                    state.charCount(), state.order(), state.deleted());
            if (!documents.apply(known) && documents.byId(record.key()).isEmpty()) {
                LOG.warnf("Skipping a registry record of an id or content hash this platform never writes: %s/%d/%d",
                        record.topic(), record.partition(), record.offset());
            }
            if (state.idempotencyKey() != null && state.ingestedAt() != null && !isExpired(state.ingestedAt())) {
                byIdempotencyKey.putIfAbsent(state.idempotencyKey(), new RememberedKey(new IngestOutcome(known.id(),
                        IngestOutcome.ACCEPTED, known.contentHash(), known.version(), known.charCount(), null),
                        state.ingestedAt()));
            }
        } catch (Exception e) {
            LOG.warnf("Skipping unreadable registry record %s/%d/%d", record.topic(), record.partition(), record.offset());
        }
    }
}
