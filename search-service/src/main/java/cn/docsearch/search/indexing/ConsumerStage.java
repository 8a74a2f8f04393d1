package cn.docsearch.search.indexing;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.index.IndexTarget;
import cn.docsearch.search.index.TransientIndexingException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * A stage reading the document topic in its own consumer group on its own thread: poll a batch, process it, and
 * only then commit its offsets. A failure that may pass (Elasticsearch or Kafka unreachable, a rebalance during the
 * batch) rewinds to the batch start and retries with backoff, so an event is never committed before the stage's
 * write; the loop itself only ends when the service stops. Any other failure is taken as caused by the records, and
 * bounded: the batch is tried {@code search.consumer.max-record-attempts} times, then one record at a time, and a
 * record that still fails is set aside ({@link #setAside}) so that one odd event never stops the stage. Once a unit
 * leaves nothing beyond it, the stage refreshes the index it writes ({@link CaughtUpRefresh}), so what it wrote is
 * searchable soon: at once, or, while a load streams in, once the stage has gone a while without catching up again;
 * during a backlog the index's own, longer interval does, and makes fewer, larger segments. Each
 * index's stages are made, started and stopped by {@code IndexLifecycle} through {@link IndexingPipelines}.
 */
public abstract class ConsumerStage {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String PARTITION_LAG = "docsearch.partition.lag";

    private record PartitionLag(AtomicLong value, Gauge gauge) {
    }

    private final Logger log = Logger.getLogger(getClass());
    private final String name;
    /** What the stage does ("indexing", "embedding"), named in the reasons it records. */
    private final String stage;
    private final SearchConfig config;

    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private final Admin admin;
    /** Where this stage's per-partition lag and the consumer's own metrics (kafka_consumer_*) go. */
    private final MeterRegistry registry;
    /** The lag gauge of each partition this stage holds; only its loop thread changes it. */
    private final Map<Integer, PartitionLag> partitionLags = new ConcurrentHashMap<>();
    private volatile String lastFailure;
    private volatile Stall stall;
    /** Failures of the unit in hand caused by its records, not by Kafka or Elasticsearch being away. */
    private int recordAttempts;
    private final OneByOne oneByOne = new OneByOne();
    /** The offset this instance last committed, or found committed, per partition it owns; only its loop thread uses it. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile long lag;
    private volatile String topicId = "";
    private final CaughtUpRefresh caughtUpRefresh;
    /** Something was written since the last refresh this stage asked for; only its loop thread uses it. */
    private boolean unrefreshed;
    private Thread thread;

    protected ConsumerStage(String stage, IndexTarget target, SearchConfig config, Admin admin, MeterRegistry registry,
                            CaughtUpRefresh caughtUpRefresh) {
        this.registry = registry;
        this.caughtUpRefresh = caughtUpRefresh;
        this.stage = stage;
        this.name = stage + " " + target.index();
        this.config = config;
        this.admin = admin;
    }

    /**
     * The gauge docsearch_partition_lag of a partition (events of it not yet done), registered on first sight. A stage
     * of the same name still stopping (a restart, or the index it builds going live) may hold that gauge yet: this
     * stage's takes its place.
     */
    private AtomicLong partitionLag(int partition) {
        return partitionLags.computeIfAbsent(partition, p -> {
            Gauge held = lagGauge(p);
            if (held != null) {
                registry.remove(held);
            }
            AtomicLong value = new AtomicLong();
            Gauge gauge = Gauge.builder(PARTITION_LAG, value, AtomicLong::get)
                    .description("Events of the partition not yet done by the stage")
                    .tags("stage", name, "partition", Integer.toString(p)).register(registry);
            return new PartitionLag(value, gauge);
        }).value();
    }

    private Gauge lagGauge(int partition) {
        return registry.find(PARTITION_LAG).tags("stage", name, "partition", Integer.toString(partition)).gauge();
    }

    /**
     * Removes the lag gauges of partitions this stage no longer holds: left behind, each would show its last value for
     * good, beside the lag the partition's new holder reports. A gauge another stage of the same name took over stays.
     */
    private void forgetLags(Collection<Integer> partitions) {
        for (int partition : partitions) {
            PartitionLag forgotten = partitionLags.remove(partition);
            if (forgotten != null && lagGauge(partition) == forgotten.gauge()) {
                registry.remove(forgotten.gauge());
            }
        }
    }

    /** What the stage does: "indexing" or "embedding". */
    public String stage() {
        return stage;
    }

    protected Admin admin() {
        return admin;
    }

    /** The id Kafka gave the topic when it was created, as of this stage's last assignment. */
    protected String topicId() {
        return topicId;
    }

    /** The consumer's settings: its own group, batch size and so on. */
    protected abstract Map<String, Object> consumerConfig();

    /**
     * Writes what the batch means; returns only when it is durably written. A {@link TransientIndexingException} or a
     * Kafka failure is retried with backoff for as long as it lasts; any other exception is taken as caused by the
     * records, and bounded (see {@code search.consumer.max-record-attempts}).
     */
    protected abstract void process(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records)
            throws TransientIndexingException, InterruptedException;

    /**
     * Sets aside for good a record this stage failed on every time: its reason is recorded under its document id and
     * it goes to the dead-letter topic, so that the stage can commit past it.
     */
    protected abstract void setAside(ConsumerRecord<String, String> record, String reason) throws TransientIndexingException;

    protected void startLoop() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.start();
    }

    /** The loop ends after the batch in hand is written and committed; {@link #awaitStop()} waits for it. */
    protected void requestStop() {
        running = false;
    }

    /**
     * Waits for the batch in hand to be committed, at most {@link #STOP_GRACE}; a batch still not done then (an
     * embedding batch can take minutes) is abandoned, and whoever takes the partitions reads it again.
     */
    protected void awaitStop() throws InterruptedException {
        thread.join(STOP_GRACE.toMillis());
        KafkaConsumer<String, String> current = consumer;
        if (thread.isAlive() && current != null) {
            current.wakeup();
        }
        thread.join(Duration.ofSeconds(30).toMillis());
        caughtUpRefresh.close();
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    /**
     * Events of this instance's partitions not yet done, as of the last poll: the batch in hand and what Kafka
     * holds beyond it (from the fetch responses, no extra request).
     */
    public long lag() {
        return lag;
    }

    /** Why the last batch had to be retried, or null when the last batch went through. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Waits before a retry with every partition paused but still polling, so the group keeps this member (a sleep
     * longer than max.poll.interval.ms would hand its partitions over and back) and a stop ends the wait at once.
     */
    private void waitPolling(KafkaConsumer<String, String> kafka, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Batches.pollPaused(kafka, Duration.ofMillis(Math.max(1, Math.min(500, (until - System.nanoTime()) / 1_000_000))));
            }
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // Kafka itself is what failed: the loop's next poll meets it again and backs off further
            lastFailure = e.getMessage();
        } finally {
            kafka.resume(kafka.paused());
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(config.consumer().initialBackoff(), config.consumer().maxBackoff());
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new StringDeserializer());
             KafkaClientMetrics kafkaMetrics = new KafkaClientMetrics(kafka, Tags.of("stage", name))) {
            kafkaMetrics.bindTo(registry);
            consumer = kafka;
            kafka.subscribe(List.of(config.consumer().topic()), new RecreatedTopicCheck(kafka));
            while (running) {
                ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(500));
                long total = 0;
                for (TopicPartition partition : kafka.assignment()) {
                    long partitionLag = records.records(partition).size() + kafka.currentLag(partition).orElse(0);
                    partitionLag(partition.partition()).set(partitionLag);
                    total += partitionLag;
                }
                lag = total;
                // caught up now, with nothing asked for since the last write: a batch that filled a poll exactly ends
                // before a transaction's commit marker, which only the next, empty, poll steps over
                if (unrefreshed && total == 0) {
                    requestRefresh();
                }
                if (records.isEmpty()) {
                    commitSkipped(kafka);
                    continue;
                }
                ConsumerRecords<String, String> unit = oneByOne.unitOf(kafka, records);
                try {
                    try {
                        process(kafka, unit);
                    } catch (KafkaException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        // not Kafka or Elasticsearch being away: something in the records this code cannot handle
                        if (!failedByItsRecords(kafka, records, unit, e)) {
                            continue;
                        }
                    }
                    commit(kafka, Batches.nextOffsets(unit, kafka, topicId));
                    unrefreshed = true;
                    // nothing beyond this unit as of its poll
                    if (lag <= unit.count()) {
                        requestRefresh();
                    }
                    backoff.reset();
                    recordAttempts = 0;
                    lastFailure = null;
                    stall = null;
                } catch (IndexingBehindException e) {
                    Batches.rewind(kafka, records);
                    waitPolling(kafka, Duration.ofMillis(IndexingBehindException.RETRY_MILLIS));
                } catch (TransientIndexingException | KafkaException e) {
                    if (e instanceof WakeupException && !running) {
                        return;
                    }
                    failing(unit, e.getMessage());
                    Duration wait = backoff.next();
                    log.warnf("Batch of %d records not done (attempt %d), retrying in %d ms: %s",
                            unit.count(), backoff.attempts(), wait.toMillis(), e.getMessage());
                    Batches.rewind(kafka, records);
                    waitPolling(kafka, wait);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                lastFailure = "consumer stopped: " + e;
                running = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (running) {
                // nothing of ours interrupts a stage: say why it ended rather than end in silence
                lastFailure = "consumer stopped: interrupted";
                log.error(name + " stopped: interrupted");
                running = false;
            }
        } catch (RuntimeException e) {
            lastFailure = "consumer stopped: " + e;
            log.error(name + " stopped", e);
            running = false;
        } finally {
            forgetLags(List.copyOf(partitionLags.keySet()));
        }
    }

    private void requestRefresh() {
        caughtUpRefresh.request();
        unrefreshed = false;
    }

    /** Commits, and reads on from there: a unit of one record leaves its partition rewound to that record. */
    private void commit(KafkaConsumer<String, String> kafka, Map<TopicPartition, OffsetAndMetadata> offsets) {
        kafka.commitSync(offsets);
        offsets.forEach((partition, offset) -> {
            committed.put(partition, offset.offset());
            if (kafka.position(partition) < offset.offset()) {
                kafka.seek(partition, offset);
            }
        });
    }

    /**
     * Commits the positions a poll without records moved past: a transaction's commit marker, or an aborted
     * transaction's records, that came after the last batch (when max.poll.records cut the fetch before them, the
     * batch's commit stopped short of them). Without this the group's lag, read from its committed offsets, would
     * stay above zero with everything done.
     */
    private void commitSkipped(KafkaConsumer<String, String> kafka) {
        Map<TopicPartition, OffsetAndMetadata> skipped = new HashMap<>();
        for (TopicPartition partition : kafka.assignment()) {
            Long done = committed.get(partition);
            long position = kafka.position(partition);
            if (done != null && position > done && !kafka.paused().contains(partition)) {
                skipped.put(partition, new OffsetAndMetadata(position, topicId));
            }
        }
        if (!skipped.isEmpty()) {
            try {
                commit(kafka, skipped);
            } catch (KafkaException e) {
                // nothing is lost: the next batch's commit, or the next empty poll, moves past them
                lastFailure = e.getMessage();
            }
        }
    }

    /**
     * A unit (the batch, or one record of it) failed for a reason of its records. It is tried again a few times; then
     * a batch is taken one record at a time, and a single record is set aside with its reason.
     *
     * @return true when the unit's record was set aside and its offset is to be committed, false when it was
     *         rewound to be tried again
     */
    private boolean failedByItsRecords(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records,
                                       ConsumerRecords<String, String> unit, RuntimeException failure)
            throws TransientIndexingException {
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        failing(unit, reason);
        recordAttempts++;
        if (recordAttempts < config.consumer().maxRecordAttempts()) {
            log.warnf(failure, "%d records failed (attempt %d of %d), retrying: %s", unit.count(), recordAttempts,
                    config.consumer().maxRecordAttempts(), reason);
            Batches.rewind(kafka, records);
            waitPolling(kafka, Duration.ofSeconds(recordAttempts));
            return false;
        }
        recordAttempts = 0;
        if (unit.count() > 1) {
            log.warnf("A batch of %d records failed %d times (%s): taking it one record at a time", unit.count(),
                    config.consumer().maxRecordAttempts(), reason);
            oneByOne.isolate(unit);
            Batches.rewind(kafka, records);
            return false;
        }
        ConsumerRecord<String, String> record = unit.iterator().next();
        log.errorf(failure, "%s: setting %s aside after %d attempts", name, DocumentEventConverter.origin(record),
                config.consumer().maxRecordAttempts());
        setAside(record, stage + " failed: " + reason);
        return true;
    }

    /** Notes the unit in hand failing: the first failure of a unit starts the time readiness reads a stall from. */
    private void failing(ConsumerRecords<String, String> unit, String reason) {
        lastFailure = reason;
        String at = unit.partitions().stream().sorted(Comparator.comparingInt(TopicPartition::partition))
                .map(partition -> partition + " at offset " + unit.records(partition).get(0).offset())
                .collect(Collectors.joining(", "));
        Stall current = stall;
        stall = new Stall(at, current != null && current.at().equals(at) ? current.since() : Instant.now(), reason);
    }

    /**
     * Where this stage has been failing for longer than {@code search.consumer.stalled-after}: the partitions and
     * offsets, since when, and why; empty while it makes progress.
     */
    public Optional<String> stalled() {
        Stall current = stall;
        if (current == null || current.since().plus(config.consumer().stalledAfter()).isAfter(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(current.at() + ", failing since " + current.since() + ": " + current.reason());
    }

    private record Stall(String at, Instant since, String reason) {
    }

    /**
     * The records of a batch that failed by its records, taken one at a time until the stage is past the batch's last
     * offset in each partition. Only the stage's loop thread uses it.
     */
    private static final class OneByOne {
        private final Map<TopicPartition, Long> until = new HashMap<>();

        void isolate(ConsumerRecords<String, String> batch) {
            for (TopicPartition partition : batch.partitions()) {
                List<ConsumerRecord<String, String>> inPartition = batch.records(partition);
                until.put(partition, inPartition.get(inPartition.size() - 1).offset());
            }
        }

        /** The whole batch, or its first record of a partition still being taken one at a time (the rest rewound). */
        ConsumerRecords<String, String> unitOf(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records) {
            if (until.isEmpty()) {
                return records;
            }
            until.keySet().retainAll(kafka.assignment());
            for (TopicPartition partition : records.partitions()) {
                Long last = until.get(partition);
                if (last == null) {
                    continue;
                }
                ConsumerRecord<String, String> first = records.records(partition).get(0);
                if (first.offset() > last) {
                    until.remove(partition);
                    continue;
                }
                Batches.rewind(kafka, records);
                return new ConsumerRecords<>(Map.of(partition, List.of(first)), Map.of());
            }
            return records;
        }
    }

    /**
     * Every commit carries the id of the topic it was made on. A partition whose committed offset belongs to an
     * earlier topic of the same name (deleted and recreated, restored from a copy, where offsets start again and
     * compaction gaps are gone) is read again from its beginning: its old offset would skip new events. The
     * replay is harmless, since Elasticsearch orders writes by document version. Without an answer from Kafka the
     * poll fails, and the stage is started again.
     */
    private final class RecreatedTopicCheck implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, String> kafka;

        RecreatedTopicCheck(KafkaConsumer<String, String> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are committed after each batch; nothing is pending here
            ConsumerStage.this.committed.keySet().removeAll(partitions);
            forgetLags(partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            topicId = currentTopicId();
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(new HashSet<>(partitions));
            ConsumerStage.this.committed.keySet().retainAll(kafka.assignment());
            committed.forEach((partition, offset) -> {
                if (offset != null && !Batches.fromOtherTopic(offset, topicId)) {
                    ConsumerStage.this.committed.put(partition, offset.offset());
                }
            });
            List<TopicPartition> stale = partitions.stream()
                    .filter(partition -> Batches.fromOtherTopic(committed.get(partition), topicId)).toList();
            if (!stale.isEmpty()) {
                log.warnf("%s: offsets of %s were committed on an earlier topic of that name; reading them from the start",
                        name, stale);
                kafka.seekToBeginning(stale);
            }
        }

        private String currentTopicId() {
            String topic = config.consumer().topic();
            try {
                return admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                        .get(10, TimeUnit.SECONDS).topicId().toString();
            } catch (ExecutionException | TimeoutException e) {
                throw new KafkaException("Cannot read the id of topic " + topic + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted", e);
            }
        }
    }
}
