package cn.docsearch.search.indexing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.embedding.ChineseEmbeddingModel;
import cn.docsearch.search.index.DocumentIndexer;
import cn.docsearch.search.index.IndexManager;
import cn.docsearch.search.index.IndexOperation;
import cn.docsearch.search.index.IndexTarget;
import cn.docsearch.search.index.IndexedPassage;
import cn.docsearch.search.index.IndexedVectors;
import cn.docsearch.search.index.StoredDocuments;
import cn.docsearch.search.index.TransientIndexingException;
import cn.docsearch.search.scheduling.DaemonThreads;
import cn.docsearch.text.ScriptFolding;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The embedding stage: its own consumer group on the document topic, so it runs behind keyword indexing without
 * ever delaying it, and scales out by adding instances. For each event it embeds the passages and writes their vectors
 * for exactly that version into the vectors index, once: the document itself is never written again.
 * <p>
 * Embedding a batch takes seconds to minutes, so it runs on a worker while the poll loop keeps the group membership
 * alive with the partitions paused; offsets are committed only after the vectors are written. Vectors are
 * written only while Elasticsearch holds the very version the event carries (checked once embedded, then written
 * with that version as external_gte): a newer version, a delete or a refused event is never overwritten by older
 * vectors. An event the indexing stage has not passed yet is retried, since only then is "not in the index"
 * an answer. While the keyword stage has a backlog (a bulk load), the embedding stage waits for it: keyword search
 * comes first.
 * <p>
 * A document with no passage that carries text (see {@link cn.docsearch.text.DocumentText}) is written with no
 * vectors: embedded, keyword-searchable only. Vectors Elasticsearch refuses, or a record the stage fails on every
 * time, are recorded as failed (stage {@code embedding}) and dead-lettered; the stage goes on past them.
 */
public class PassageEmbeddingConsumer extends ConsumerStage {
    private static final Duration PAUSED_POLL = Duration.ofMillis(200);
    /**
     * Passages per write, at most, unless one document has more (its passages are never split): each write and the
     * version read before it cost Elasticsearch's HTTP layer about 2 ms of CPU whatever their size. Chunks of 64
     * passages made 293 writes and 390 reads for 3,000 short documents, chunks of 256 about half of both (transport
     * 1.7 s of CPU instead of 2.2-2.8; docs/benchmarks.md, fifteenth and twentieth sessions). A batch of short documents
     * (64 events, some 300 passages) still makes two chunks, the first written while the model embeds the second, and
     * vectors are searchable only from the vectors index's next refresh anyway. A chunk's stored vectors, read back
     * during a rebuild, stay about a megabyte.
     */
    private static final int WRITE_CHUNK_PASSAGES = 256;
    /**
     * Two of the documents index's own refresh intervals (5 s; the keyword stage refreshes it sooner once caught up):
     * long enough for a written document to be in the refreshed view.
     */
    private static final Duration SETTLED = Duration.ofSeconds(10);

    private final SearchConfig config;
    private final Map<String, Object> kafkaConfig;
    private final DocumentEventConverter converter;
    private final DocumentIndexer indexer;
    private final IndexManager indexManager;
    private final StoredDocuments storedDocuments;
    private final ChineseEmbeddingModel model;
    private final IndexTarget target;
    private final FailedRecords failedRecords;
    /** Events the keyword stage of the same index has still to do, as of its last poll. */
    private final LongSupplier keywordBacklog;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService worker = DaemonThreads.singleThread("embedding-batch");
    /** Given its work by the passage threads, which run at the lowest priority. */
    private final ExecutorService writer = DaemonThreads.singleThread("embedding-writer");
    private final Deque<Progress> progressHistory = new ArrayDeque<>();

    PassageEmbeddingConsumer(SearchConfig config, Map<String, Object> kafkaConfig, DocumentEventConverter converter,
                             DocumentIndexer indexer, IndexManager indexManager, StoredDocuments storedDocuments,
                             ChineseEmbeddingModel model, Admin admin, IndexTarget target, LongSupplier keywordBacklog,
                             DeadLetterPublisher deadLetters, MeterRegistry registry) {
        super("embedding", target, config, admin, registry, new CaughtUpRefresh(target.vectorsIndex(),
                config.embedding().caughtUpRefreshInterval(),
                Optional.of(config.embedding().caughtUpRefreshInterval()), indexManager::refresh));
        this.keywordBacklog = keywordBacklog;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.converter = converter;
        this.indexer = indexer;
        this.indexManager = indexManager;
        this.storedDocuments = storedDocuments;
        this.model = model;
        this.target = target;
        this.failedRecords = new FailedRecords(stage(), converter, indexer, deadLetters, target);
    }

    @Override
    protected void awaitStop() throws InterruptedException {
        super.awaitStop();
        worker.shutdownNow();
        writer.shutdownNow();
    }

    @Override
    protected Map<String, Object> consumerConfig() {
        return Batches.consumerConfig(kafkaConfig, indexManager.consumerGroup(config.embedding().groupId(), target.index()),
                config.embedding().maxPollRecords(), config.consumer().sessionTimeout());
    }

    @Override
    protected void process(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records)
            throws TransientIndexingException, InterruptedException {
        long backlog = keywordBacklog.getAsLong();
        if (backlog > config.embedding().yieldAboveBacklog()) {
            // on shared cores the model would take them from the stage that makes documents searchable at all
            throw new IndexingBehindException("keyword indexing has " + backlog + " events to go; embedding waits for it");
        }
        Future<?> batch = worker.submit(() -> {
            embed(records);
            return null;
        });
        awaitWhilePolling(kafka, batch);
    }

    /** Polls with every partition paused until the batch is done, so the group never times this member out. */
    private static void awaitWhilePolling(KafkaConsumer<String, String> kafka, Future<?> batch)
            throws TransientIndexingException, InterruptedException {
        try {
            while (true) {
                try {
                    batch.get(PAUSED_POLL.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException stillEmbedding) {
                    Batches.pollPaused(kafka, Duration.ZERO);
                }
            }
        } catch (ExecutionException e) {
            throw unwrapped(e.getCause());
        } finally {
            kafka.resume(kafka.paused());
        }
    }

    private void embed(ConsumerRecords<String, String> records) throws TransientIndexingException {
        Map<TopicPartition, OffsetAndMetadata> indexed = indexingProgress();
        Map<TopicPartition, OffsetAndMetadata> settled = settledProgress(indexed);
        // the last event of each document in this batch is the only one that can still be its current version
        Map<String, IndexOperation> latest = new LinkedHashMap<>();
        Map<String, ConsumerRecord<String, String>> latestRecord = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            OffsetAndMetadata indexedUpTo = indexed.get(new TopicPartition(record.topic(), record.partition()));
            if (indexedUpTo == null || indexedUpTo.offset() <= record.offset()) {
                throw new IndexingBehindException("waiting for the indexing stage to pass " + DocumentEventConverter.origin(record));
            }
            try {
                IndexOperation operation = converter.convert(record);
                latest.remove(operation.id());
                latest.put(operation.id(), operation);
                latestRecord.put(operation.id(), record);
            } catch (MalformedEventException e) {
                // the indexing stage has dead-lettered it already
            }
        }
        // a version the last refresh shows replaced is not worth embedding; the refreshed view only, since a realtime
        // get here, on documents just indexed, costs Elasticsearch an internal refresh per batch (one run each, 200
        // documents end to end: 0.42 of the model alone with it, 0.56 without). Whether to write is decided after
        // embedding.
        Map<String, StoredDocuments.Version> refreshed = held(latest.keySet(), false);
        // A document the indexing stage passed long enough ago to have been refreshed since, and still not in the
        // refreshed view, was most likely deleted (or refused) later: when the topic is read again from its start
        // (a rebuild, a new version), most events are of such documents. A realtime get, cheap for documents not
        // written lately, confirms it, and they are not embedded.
        List<String> settledAbsent = latest.values().stream().filter(op -> !op.isDelete() && !refreshed.containsKey(op.id())
                && isBefore(latestRecord.get(op.id()), settled)).map(IndexOperation::id).toList();
        Map<String, StoredDocuments.Version> realtime = held(settledAbsent, true);
        List<IndexOperation> upserts = latest.values().stream().filter(op -> !op.isDelete()
                && (refreshed.containsKey(op.id()) ? needsVectors(refreshed.get(op.id()), op)
                : !settledAbsent.contains(op.id()) || realtime.containsKey(op.id()) && needsVectors(realtime.get(op.id()), op)))
                .toList();
        // every passage of the batch is queued on the model's threads at once, so they never wait for one another or
        // for a write; each chunk of documents is written as soon as its passages are embedded
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (List<IndexOperation> chunk : chunks(upserts)) {
            // read chunk by chunk: a long document's stored vectors alone can take tens of megabytes
            List<CompletableFuture<float[]>> vectors = vectorsOf(chunk, target.live() ? Map.of() : liveVectors(chunk));
            writes.add(CompletableFuture.allOf(vectors.toArray(CompletableFuture[]::new)).thenRunAsync(() -> {
                try {
                    writeIfCurrent(chunk, vectors.stream().map(CompletableFuture::join).toList(), latestRecord);
                } catch (TransientIndexingException e) {
                    throw new CompletionException(e);
                }
            }, writer));
        }
        awaitAll(writes);
    }

    /**
     * The documents in order, in chunks of at most {@link #WRITE_CHUNK_PASSAGES} passages; a document with more is a
     * chunk of its own, so the short ones beside it are not written only once it is embedded.
     */
    private static List<List<IndexOperation>> chunks(List<IndexOperation> upserts) {
        List<List<IndexOperation>> chunks = new ArrayList<>();
        int from = 0;
        int passages = 0;
        for (int i = 0; i < upserts.size(); i++) {
            int own = upserts.get(i).document().passages().size();
            if (i > from && passages + own > WRITE_CHUNK_PASSAGES) {
                chunks.add(upserts.subList(from, i));
                from = i;
                passages = 0;
            }
            passages += own;
        }
        if (from < upserts.size()) {
            chunks.add(upserts.subList(from, upserts.size()));
        }
        return chunks;
    }

    /**
     * Whether the index may still need this event's vectors: it holds no newer version, and not this very version
     * with vectors already (a replay after a restore, or a batch read again after a stop, costs no model time).
     */
    private static boolean needsVectors(StoredDocuments.Version held, IndexOperation operation) {
        return held.version() < operation.version() || held.version() == operation.version() && !held.embedded();
    }

    /** The chunk's passage vectors in order: those the live index holds for the same text, the others from the model. */
    private List<CompletableFuture<float[]>> vectorsOf(List<IndexOperation> chunk, Map<String, List<float[]>> reusable) {
        List<String> texts = new ArrayList<>();
        chunk.stream().filter(operation -> !reusable.containsKey(operation.id()))
                .forEach(operation -> operation.document().passages().forEach(passage -> texts.add(passage.text())));
        List<CompletableFuture<float[]>> embedded = model.embedEach(texts);
        List<CompletableFuture<float[]>> vectors = new ArrayList<>();
        int next = 0;
        for (IndexOperation operation : chunk) {
            List<float[]> reused = reusable.get(operation.id());
            if (reused != null) {
                reused.forEach(vector -> vectors.add(CompletableFuture.completedFuture(vector)));
            } else {
                int count = operation.document().passages().size();
                vectors.addAll(embedded.subList(next, next + count));
                next += count;
            }
        }
        return vectors;
    }

    /**
     * For an index being built beside the live one: the vectors the live index holds for these documents, by id, when
     * every passage has the same text (a vector depends on its text alone) and nothing to fold. A rebuild for a mapping
     * or dictionary change so costs Elasticsearch reads instead of the model's time, which searches need meanwhile.
     */
    private Map<String, List<float[]>> liveVectors(List<IndexOperation> upserts) throws TransientIndexingException {
        Map<String, List<float[]>> reusable = new HashMap<>();
        Map<String, List<StoredDocuments.LivePassage>> live = storedDocuments.livePassages(upserts.stream()
                .map(IndexOperation::id).toList());
        for (IndexOperation operation : upserts) {
            List<StoredDocuments.LivePassage> stored = live.get(operation.id());
            if (stored == null) {
                continue;
            }
            List<IndexedPassage> wanted = operation.document().passages();
            List<float[]> vectors = new ArrayList<>();
            for (int i = 0; i < stored.size() && i < wanted.size(); i++) {
                // a passage with traditional characters may have been embedded before the model read them folded
                // (index v5 and earlier): embedded again, not reused
                String text = wanted.get(i).text();
                if (stored.get(i).vector() != null && Objects.equals(stored.get(i).text(), text)
                        && ScriptFolding.toSimplified(text).equals(text)) {
                    vectors.add(stored.get(i).vector());
                }
            }
            if (vectors.size() == wanted.size()) {
                reusable.put(operation.id(), vectors);
            }
        }
        return reusable;
    }

    /** Writes each document's vectors if Elasticsearch still holds the version they were computed for. */
    private void writeIfCurrent(List<IndexOperation> chunk, List<float[]> vectors,
                                Map<String, ConsumerRecord<String, String>> records) throws TransientIndexingException {
        Map<String, Instant> current = stillCurrent(chunk);
        List<IndexOperation> writes = new ArrayList<>();
        int next = 0;
        Instant now = Instant.now(clock);
        for (IndexOperation operation : chunk) {
            List<float[]> own = vectors.subList(next, next + operation.document().passages().size());
            next += own.size();
            if (current.containsKey(operation.id())) {
                writes.add(IndexOperation.embedded(operation.id(), operation.version(),
                        IndexedVectors.of(operation.document(), own,
                                Objects.requireNonNullElse(current.get(operation.id()), operation.document().indexedAt()), now)));
            }
        }
        Map<ConsumerRecord<String, String>, String> rejected = new HashMap<>();
        for (DocumentIndexer.Rejection rejection : indexer.write(target, writes)) {
            rejected.put(records.get(rejection.operation().id()), DocumentIndexer.REJECTED_BY_ELASTICSEARCH + rejection.reason());
        }
        failedRecords.setAside(rejected);
    }

    /**
     * What failed on a worker, as the stage's loop tells failures apart: transient ones (Elasticsearch or Kafka away) as
     * they are, and anything else (the model refusing a text, a bug meeting an odd event) as a failure of the records,
     * which the loop retries a bounded number of times before setting the record aside.
     */
    private static TransientIndexingException unwrapped(Throwable cause) throws TransientIndexingException {
        if (cause instanceof TransientIndexingException transientFailure) {
            throw transientFailure;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("Embedding failed: " + cause, cause);
    }

    @Override
    protected void setAside(ConsumerRecord<String, String> record, String reason) throws TransientIndexingException {
        failedRecords.setAside(Map.of(record, reason));
    }

    private static void awaitAll(List<CompletableFuture<Void>> writes) throws TransientIndexingException {
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw unwrapped(e.getCause() instanceof CompletionException completion ? completion.getCause() : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientIndexingException("Interrupted", e);
        }
    }

    /**
     * The indexing stage's progress as it was at least {@link #SETTLED} ago (empty when none is that old yet):
     * whatever it had written by then has been through a refresh since. Only the embedding worker thread calls it.
     */
    private Map<TopicPartition, OffsetAndMetadata> settledProgress(Map<TopicPartition, OffsetAndMetadata> now) {
        Instant at = clock.instant();
        progressHistory.addLast(new Progress(at, now));
        Progress settled = null;
        while (!progressHistory.isEmpty() && !progressHistory.peekFirst().at().isAfter(at.minus(SETTLED))) {
            settled = progressHistory.pollFirst();
        }
        if (settled == null) {
            return Map.of();
        }
        progressHistory.addFirst(settled);
        return settled.offsets();
    }

    private static boolean isBefore(ConsumerRecord<String, String> record, Map<TopicPartition, OffsetAndMetadata> progress) {
        OffsetAndMetadata passed = progress.get(new TopicPartition(record.topic(), record.partition()));
        return passed != null && record.offset() < passed.offset();
    }

    private record Progress(Instant at, Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    /** Where the indexing stage's group has committed, per partition. */
    private Map<TopicPartition, OffsetAndMetadata> indexingProgress() throws TransientIndexingException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(admin()
                    .listConsumerGroupOffsets(indexManager.consumerGroup(config.consumer().groupId(), target.index()))
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS));
            // an offset of an earlier topic of that name says nothing about this one's events
            committed.values().removeIf(offset -> Batches.fromOtherTopic(offset, topicId()));
            return committed;
        } catch (ExecutionException | TimeoutException e) {
            throw new TransientIndexingException("Cannot read the indexing stage's offsets: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientIndexingException("Interrupted", e);
        }
    }

    /**
     * The operations whose exact version (the event's offset) Elasticsearch holds now, by id, with when that version
     * was indexed. The refreshed view answers first: after embedding, which takes longer than a refresh interval, it
     * knows nearly all of them. Only the others take a realtime get, which makes Elasticsearch refresh internally for
     * documents written since the last refresh, and so merge more.
     */
    private Map<String, Instant> stillCurrent(List<IndexOperation> upserts) throws TransientIndexingException {
        Map<String, Instant> current = new HashMap<>();
        List<IndexOperation> unsure = new ArrayList<>();
        // the vectors index is not read: whether vectors are written already was asked before embedding
        Map<String, StoredDocuments.Version> refreshed = storedDocuments.indexedVersions(target,
                upserts.stream().map(IndexOperation::id).toList(), false);
        for (IndexOperation operation : upserts) {
            StoredDocuments.Version held = refreshed.get(operation.id());
            if (held != null && held.version() == operation.version()) {
                current.put(operation.id(), held.indexedAt());
            } else if (held == null || held.version() < operation.version()) {
                unsure.add(operation);
            }
        }
        Map<String, StoredDocuments.Version> realtime = storedDocuments.indexedVersions(target,
                unsure.stream().map(IndexOperation::id).toList(), true);
        for (IndexOperation operation : unsure) {
            StoredDocuments.Version held = realtime.get(operation.id());
            if (held != null && held.version() == operation.version()) {
                current.put(operation.id(), held.indexedAt());
            }
        }
        return current;
    }

    /** What Elasticsearch holds of these documents, read in realtime or from the last refresh. */
    private Map<String, StoredDocuments.Version> held(Collection<String> ids, boolean realtime)
            throws TransientIndexingException {
        return storedDocuments.versions(target, ids, realtime);
    }
}
