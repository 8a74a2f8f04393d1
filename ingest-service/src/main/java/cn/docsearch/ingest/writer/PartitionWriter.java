package cn.docsearch.ingest.writer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.document.DocumentSizeLimit;
import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.document.KnownDocument;
import cn.docsearch.ingest.document.KnownState;
import cn.docsearch.ingest.document.RequestedWrite;
import cn.docsearch.ingest.document.WriteDecision;
import cn.docsearch.ingest.document.WriteRules;
import cn.docsearch.ingest.event.DocumentEvent;
import cn.docsearch.ingest.event.DocumentState;
import cn.docsearch.ingest.originals.OriginalChunks;
import cn.docsearch.ingest.originals.OriginalFile;
import cn.docsearch.ingest.originals.OriginalManifest;
import cn.docsearch.ingest.originals.OriginalsView;
import cn.docsearch.ingest.registry.DocumentRegistry;
import cn.docsearch.ingest.registry.RegistryBackfill;
import cn.docsearch.ingest.topics.DocumentTopics;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/**
 * The one writer of a partition, in the instance the writer group assigned it to. Writes are decided one after the
 * other on its thread and published in Kafka transactions (the document event or tombstone, its registry record and
 * its original's chunks and manifest together, all writes waiting at that moment in one transaction). Its
 * transactional id belongs to the partition, so that a new owner fences an old one that has not yet noticed it lost
 * the partition: the old one's transaction is aborted, never half-visible, and its callers learn that nothing was
 * stored.
 */
final class PartitionWriter {
    private static final Logger LOG = Logger.getLogger(PartitionWriter.class);
    /** Writes and event bytes after which a transaction is committed, so that one never grows without bound. */
    private static final int MAX_WRITES_PER_TRANSACTION = 500;
    private static final long MAX_BYTES_PER_TRANSACTION = 32L * 1024 * 1024;

    /**
     * @param event the event an upload publishes, its version still to give (null for a deletion)
     * @param original the uploaded file the event comes from, kept as the document's original (null for a text)
     * @param trace the submitter's trace, continued by the record's traceparent header
     */
    private record Queued(RequestedWrite write, DocumentEvent event, OriginalFile original, long enqueuedAt,
                          CompletableFuture<IngestOutcome> outcome, Context trace) {
    }

    /** @param state the document's state once the write is committed, null when nothing is published */
    private record Decided(Queued queued, WriteDecision decision, KnownDocument state) {
    }

    private final int partition;
    private final IngestConfig config;
    private final Map<String, Object> kafkaConfig;
    private final DocumentRegistry registry;
    private final ObjectMapper objectMapper;
    private final RegistryBackfill backfill;
    private final OriginalsView originals;
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean ready;
    private KafkaProducer<String, byte[]> producer;

    PartitionWriter(int partition, IngestConfig config, Map<String, Object> kafkaConfig, DocumentRegistry registry,
                    ObjectMapper objectMapper, RegistryBackfill backfill, OriginalsView originals) {
        this.partition = partition;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.registry = registry;
        this.objectMapper = objectMapper;
        this.backfill = backfill;
        this.originals = originals;
        this.thread = new Thread(this::run, "ingest-writer-" + partition);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean isReady() {
        return ready;
    }

    /** False once it stopped: closed, or fenced by another instance. */
    boolean isRunning() {
        return running;
    }

    /**
     * Queues the write; the future completes once it is committed (or decided to change nothing), or fails: with
     * {@link NotOwnerException} when this instance lost the partition before writing it, with
     * {@link PublishException} when Kafka did not take it in time.
     */
    CompletableFuture<IngestOutcome> submit(RequestedWrite write, DocumentEvent event, OriginalFile original) {
        CompletableFuture<IngestOutcome> outcome = new CompletableFuture<>();
        if (!running) {
            outcome.completeExceptionally(new NotOwnerException(partition));
            return outcome;
        }
        queue.add(new Queued(write, event, original, System.nanoTime(), outcome, Context.current()));
        if (!running) {
            failQueued(new NotOwnerException(partition));
        }
        return outcome;
    }

    /** Stops taking writes, lets the transaction in hand finish, and hands back the queued ones (not stored). */
    void close() throws InterruptedException {
        // not interrupted: a commit cut short would leave its callers not knowing whether it happened
        running = false;
        thread.join(config.publishTimeout().toMillis() + 5_000);
        failQueued(new NotOwnerException(partition));
    }

    private void run() {
        try {
            restart();
            while (running) {
                Queued first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    writeTransaction(first);
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "Writer of partition %d stopped", partition);
        } finally {
            running = false;
            ready = false;
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            failQueued(new NotOwnerException(partition));
        }
    }

    /**
     * Takes the partition over: fences a previous writer, takes over a topic written before the registry topic existed,
     * and waits until the registry (and the view of originals) has read everything written to the partition so far, so
     * that decisions start from the whole history.
     */
    private boolean initialise() throws InterruptedException {
        try {
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
            producer.initTransactions();
            awaitRegistry();
            if (running && !registry.isBackfilled(partition)) {
                backfill.run(partition, producer);
                awaitRegistry();
            }
            awaitOriginals();
            ready = running;
            LOG.infof("Writing partition %d", partition);
            return true;
        } catch (KafkaException e) {
            LOG.warnf("Writer of partition %d cannot start yet: %s", partition, e.getMessage());
            return false;
        }
    }

    /** Waits until the registry has read everything committed to the partition so far. */
    private void awaitRegistry() throws InterruptedException {
        long end = committedEnd(config.registryTopic());
        while (running && !registry.awaitFollowed(partition, end, Duration.ofSeconds(5))) {
            LOG.infof("Writer of partition %d waits for the registry to read up to offset %d", partition, end);
        }
    }

    /** Waits until the view of originals knows every original of the partition: a new version replaces its chunks. */
    private void awaitOriginals() throws InterruptedException {
        long end = committedEnd(config.originals().manifestTopic());
        while (running && !originals.awaitFollowed(partition, end, Duration.ofSeconds(5))) {
            LOG.infof("Writer of partition %d waits for the originals to be read up to offset %d", partition, end);
        }
    }

    private long committedEnd(String topic) {
        try (KafkaConsumer<String, String> consumer = DocumentTopics.committedReader(kafkaConfig)) {
            TopicPartition topicPartition = new TopicPartition(topic, partition);
            consumer.assign(List.of(topicPartition));
            return consumer.endOffsets(List.of(topicPartition), config.publishTimeout()).get(topicPartition);
        }
    }

    private void writeTransaction(Queued first) throws InterruptedException {
        List<Decided> decided = new ArrayList<>();
        Pending pending = new Pending();
        try {
            producer.beginTransaction();
            long bytes = 0;
            Queued next = first;
            while (next != null) {
                bytes += decide(next, pending, decided);
                next = decided.size() < MAX_WRITES_PER_TRANSACTION && bytes < MAX_BYTES_PER_TRANSACTION ? queue.poll() : null;
            }
            pending.sendManifests();
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            // another instance took the partition over (this one's membership lapsed): nothing of this transaction
            // is visible, so its writes can go to that owner; the group decides whether this instance writes again
            LOG.warnf("Writer of partition %d was fenced by a newer owner", partition);
            decided.forEach(d -> d.queued().outcome().completeExceptionally(new NotOwnerException(partition)));
            running = false;
            return;
        } catch (KafkaException e) {
            LOG.warnf("Transaction on partition %d failed: %s", partition, e.getMessage());
            PublishException failure = new PublishException("Kafka did not commit the document: " + e.getMessage(), e);
            decided.forEach(d -> d.queued().outcome().completeExceptionally(failure));
            restart();
            return;
        }
        pending.recordOriginals();
        for (Decided d : decided) {
            WriteDecision decision = d.decision();
            if (d.state() != null) {
                registry.recordPublished(d.state());
            }
            if (decision.keyToRemember() != null) {
                registry.rememberKey(decision.keyToRemember(), decision.outcome());
            }
            d.queued().outcome().complete(decision.outcome());
        }
    }

    /** A producer in an unknown state is replaced; initTransactions aborts whatever it left open. */
    private void restart() throws InterruptedException {
        ready = false;
        while (running && !initialise()) {
            Thread.sleep(1_000);
        }
    }

    /**
     * Decides one write by the {@link WriteRules} against the documents as this transaction leaves them, and sends what
     * it publishes; returns the bytes sent. A refused write fails alone.
     */
    private long decide(Queued queued, Pending pending, List<Decided> decided) {
        long waited = System.nanoTime() - queued.enqueuedAt();
        if (waited > config.publishTimeout().toNanos() / 4) {
            // its caller is about to give up: never write what it will be told was not stored
            queued.outcome().completeExceptionally(new PublishException(
                    "ingest-service could not start writing the document within " + config.publishTimeout().dividedBy(4), null));
            return 0;
        }
        WriteDecision decision;
        KnownDocument state;
        long bytes = 0;
        try {
            KnownState known = pending.knownFor(queued.write());
            decision = WriteRules.decide(queued.write(), known);
            if (decision.refusal() != null) {
                queued.outcome().completeExceptionally(decision.refusal());
                return 0;
            }
            state = stateAfter(queued.write(), decision, known);
            // read before anything is sent: a file that cannot be read fails its write alone
            List<byte[]> chunks = decision.publishesEvent() && queued.original() != null
                    ? readChunks(queued.original()) : List.of();
            if (decision.publishesEvent()) {
                bytes = send(queued.event().atVersion(decision.outcome().version(), Instant.now()), queued.trace());
            } else if (decision.kind() == WriteDecision.Kind.DELETION) {
                producer.send(new ProducerRecord<>(config.topic(), partition, state.id(), null,
                        headers(state.version(), queued.trace())));
            }
            if (state != null) {
                bytes += sendOriginal(state, queued.original(), chunks, pending);
            }
        } catch (KafkaException e) {
            // the transaction cannot go on: this write fails with the others of it
            queued.outcome().completeExceptionally(new PublishException("Kafka did not take the document: " + e.getMessage(), e));
            throw e;
        } catch (RuntimeException e) {
            queued.outcome().completeExceptionally(e);
            return 0;
        }
        if (state != null) {
            producer.send(new ProducerRecord<>(config.registryTopic(), partition, state.id(), json(new DocumentState(
                    DocumentState.SCHEMA_VERSION, state.version(), state.order(), state.contentHash(), state.charCount(),
                    state.deleted(), decision.keyToRemember(), Instant.now(), DocumentState.collectionOrNull(state.collection())))));
        }
        pending.record(state, decision);
        decided.add(new Decided(queued, decision, state));
        return bytes;
    }

    /** The document's state once the decision is published; null when nothing is. */
    private static KnownDocument stateAfter(RequestedWrite write, WriteDecision decision, KnownState known) {
        int version = decision.outcome().version();
        if (decision.kind() == WriteDecision.Kind.DELETION) {
            // an id keeps its collection for good: the deletion is in the collection of the document it deletes
            return new KnownDocument(write.id(), "", version, 0, DocumentState.versionedOrder(version), true,
                    known.latest().map(KnownDocument::collection).orElse(null));
        }
        return decision.publishesEvent() ? new KnownDocument(write.id(), write.contentHash(), version, write.charCount(),
                DocumentState.versionedOrder(version), false, write.collection()) : null;
    }

    private long send(DocumentEvent event, Context trace) {
        byte[] value = json(event);
        DocumentSizeLimit.requireEvent(value.length, DocumentTopics.MAX_EVENT_BYTES);
        producer.send(new ProducerRecord<>(config.topic(), partition, event.id(), value, headers(event.metadata().version(), trace)));
        return value.length;
    }

    private List<byte[]> readChunks(OriginalFile original) {
        try {
            return OriginalChunks.read(original, config.originals().chunkBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("The uploaded file could not be read again to be kept", e);
        }
    }

    /**
     * What becomes of the document's original with this state: the new file's chunks (its manifest follows once their
     * offsets are known, {@link Pending#sendManifests}), and tombstones for what of the previous original they do not
     * overwrite: its extra chunks, or all of it with its manifest for a deletion or a version without a file.
     *
     * @return the bytes sent
     */
    private long sendOriginal(KnownDocument state, OriginalFile original, List<byte[]> chunks, Pending pending) {
        String id = state.id();
        String topic = config.originals().topic();
        int previousChunks = pending.originalChunks(id);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < chunks.size(); i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, partition, OriginalChunks.key(id, i), chunks.get(i))));
            bytes += chunks.get(i).length;
        }
        for (String leftOver : OriginalChunks.leftOver(id, previousChunks, chunks.size())) {
            producer.send(new ProducerRecord<>(topic, partition, leftOver, null));
        }
        if (!chunks.isEmpty()) {
            pending.keepOriginal(id, original, state.version(), sent);
        } else if (previousChunks > 0) {
            pending.keepOriginal(id, null, state.version(), List.of());
        }
        return bytes;
    }

    private byte[] json(Object value) {
        try {
            return objectMapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Events always serialise", e);
        }
    }

    /** The record's version, and the W3C traceparent of the upload it comes from (search-service continues it). */
    private static Headers headers(int version, Context trace) {
        Headers headers = new RecordHeaders().add(DocumentEvent.VERSION_HEADER,
                Integer.toString(version).getBytes(StandardCharsets.UTF_8));
        W3CTraceContextPropagator.getInstance().inject(trace, headers,
                (carrier, key, value) -> carrier.add(key, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private void failQueued(RuntimeException failure) {
        Queued queued;
        while ((queued = queue.poll()) != null) {
            queued.outcome().completeExceptionally(failure);
        }
    }

    private Map<String, Object> producerConfig() {
        // a write waits at most a quarter of the caller's wait to be taken, its commit at most half
        Map<String, Object> producerConfig = DocumentTopics.producerConfig(kafkaConfig, config.publishTimeout().dividedBy(2));
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                config.transactionalIdPrefix() + "-" + config.registryTopic() + "-" + partition);
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return producerConfig;
    }

    /**
     * A manifest to send once its chunks' offsets are known, or a tombstone ({@code original} null); {@code sent} is
     * the manifest's own send, once it is sent.
     */
    private static final class ManifestWrite {
        final String id;
        final OriginalFile original;
        final int version;
        final List<Future<RecordMetadata>> chunks;
        Future<RecordMetadata> sent;

        ManifestWrite(String id, OriginalFile original, int version, List<Future<RecordMetadata>> chunks) {
            this.id = id;
            this.original = original;
            this.version = version;
            this.chunks = chunks;
        }
    }

    /**
     * The registry and the originals as this transaction's writes left them: each decision sees the ones before it.
     */
    private final class Pending {
        private final Map<String, KnownDocument> byId = new HashMap<>();
        private final Map<String, KnownDocument> byHash = new HashMap<>();
        private final Map<String, IngestOutcome> byKey = new HashMap<>();
        private final Map<String, ManifestWrite> manifests = new HashMap<>();

        /** Chunks of the document's original as this transaction leaves it so far. */
        int originalChunks(String id) {
            ManifestWrite written = manifests.get(id);
            return written != null ? written.chunks.size() : originals.chunkCount(id);
        }

        void keepOriginal(String id, OriginalFile original, int version, List<Future<RecordMetadata>> chunks) {
            // a later version in the same transaction replaces the manifest of an earlier one
            manifests.put(id, new ManifestWrite(id, original, version, chunks));
        }

        /**
         * Sends the manifests, last in the transaction: their chunks' offsets are known once the broker has appended
         * them (one wait for all the transaction's chunks together, not one per document).
         */
        void sendManifests() throws InterruptedException {
            for (ManifestWrite manifest : manifests.values()) {
                byte[] value = manifest.original == null ? null
                        : json(OriginalManifest.of(manifest.original, manifest.version, offsets(manifest.chunks)));
                manifest.sent = producer.send(new ProducerRecord<>(config.originals().manifestTopic(), partition,
                        manifest.id, value));
            }
        }

        /** Once committed, the view of originals has them before its follower reads them back. */
        void recordOriginals() throws InterruptedException {
            for (ManifestWrite manifest : manifests.values()) {
                long offset = offsets(List.of(manifest.sent)).get(0);
                originals.recordPublished(manifest.id, new OriginalsView.Location(partition, offset, manifest.chunks.size()));
            }
        }

        private List<Long> offsets(List<Future<RecordMetadata>> sends) throws InterruptedException {
            List<Long> offsets = new ArrayList<>();
            for (Future<RecordMetadata> send : sends) {
                try {
                    offsets.add(send.get(config.publishTimeout().toMillis() / 2, TimeUnit.MILLISECONDS).offset());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof KafkaException kafka ? kafka
                            : new KafkaException("Kafka did not take an original's record", e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new org.apache.kafka.common.errors.TimeoutException("Kafka did not take an original's record in time", e);
                }
            }
            return offsets;
        }

        void record(KnownDocument state, WriteDecision decision) {
            if (state != null) {
                byId.put(state.id(), state);
                if (!state.deleted()) {
                    byHash.put(hashKey(state.contentHash(), state.collection()), state);
                }
            }
            if (decision.keyToRemember() != null) {
                byKey.putIfAbsent(decision.keyToRemember(), decision.outcome());
            }
        }

        /** What the rules need to know of the documents the write touches. */
        KnownState knownFor(RequestedWrite write) {
            KnownDocument changed = byId.get(write.id());
            Optional<KnownDocument> latest = changed != null ? Optional.of(changed) : registry.latest(write.id());
            if (write.isDeletion()) {
                return new KnownState(latest, Optional.empty(), Optional.empty());
            }
            return new KnownState(latest, byContentHash(write.contentHash(), write.collection()),
                    write.idempotencyKey() == null ? Optional.empty() : earlierOutcome(write.idempotencyKey()));
        }

        private Optional<KnownDocument> byContentHash(String contentHash, String collection) {
            KnownDocument changed = byHash.get(hashKey(contentHash, collection));
            if (changed != null && byId.get(changed.id()) == changed) {
                return Optional.of(changed);
            }
            // a document this transaction changed is no longer what the registry says of it
            return registry.byContentHash(contentHash, collection).filter(known -> !byId.containsKey(known.id()));
        }

        private Optional<IngestOutcome> earlierOutcome(String idempotencyKey) {
            IngestOutcome earlier = byKey.get(idempotencyKey);
            return earlier != null ? Optional.of(earlier) : registry.earlierOutcome(idempotencyKey);
        }

        private static String hashKey(String contentHash, String collection) {
            return collection + " " + contentHash;
        }
    }
}
