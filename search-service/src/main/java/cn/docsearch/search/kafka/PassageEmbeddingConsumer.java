package cn.docsearch.search.kafka;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.embedding.ChineseEmbeddingModel;
import cn.docsearch.search.index.DocumentIndexer;
import cn.docsearch.search.index.IndexManager;
import cn.docsearch.search.index.IndexOperation;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.IndexedPassage;
import cn.docsearch.search.index.TransientIndexingException;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * The embedding stage: its own consumer group on the document topic, so it runs behind keyword indexing without
 * ever delaying it, and scales out by adding instances. For each event it embeds the passages and rewrites the
 * document of exactly that version with its vectors.
 * <p>
 * Embedding a batch takes seconds to minutes, so it runs on a worker while the poll loop keeps the group membership
 * alive with the partitions paused; offsets are committed only after the vectors are written. A document is
 * rewritten only while Elasticsearch holds the very version the event carries (checked with a realtime get, then
 * written with that version as external_gte): a newer version, a delete or a refused event is never overwritten by
 * older vectors. An event the indexing stage has not passed yet is retried, since only then is "not in the index"
 * an answer.
 */
@Singleton
public class PassageEmbeddingConsumer extends ConsumerStage {
    private static final Logger LOG = Logger.getLogger(PassageEmbeddingConsumer.class);
    private static final Duration PAUSED_POLL = Duration.ofMillis(200);

    private final SearchConfig config;
    private final Map<String, Object> kafkaConfig;
    private final DocumentEventConverter converter;
    private final DocumentIndexer indexer;
    private final IndexManager indexManager;
    private final ElasticsearchClient client;
    private final ChineseEmbeddingModel model;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "embedding-batch");
        thread.setDaemon(true);
        return thread;
    });

    private volatile Admin admin;

    public PassageEmbeddingConsumer(SearchConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                    DocumentEventConverter converter, DocumentIndexer indexer, IndexManager indexManager,
                                    ElasticsearchClient client, ChineseEmbeddingModel model) {
        super("passage-embedding-consumer", config);
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.converter = converter;
        this.indexer = indexer;
        this.indexManager = indexManager;
        this.client = client;
        this.model = model;
    }

    void start(@Observes StartupEvent startup) {
        admin = Admin.create(kafkaConfig);
        startLoop();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        stopLoop();
        worker.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }

    @Override
    protected Map<String, Object> consumerConfig() {
        return Batches.consumerConfig(kafkaConfig, indexManager.consumerGroup(config.embedding().groupId()),
                config.embedding().maxPollRecords());
    }

    @Override
    protected void process(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records)
            throws TransientIndexingException, InterruptedException {
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
                    kafka.pause(kafka.assignment());
                    ConsumerRecords<String, String> early = kafka.poll(Duration.ZERO);
                    if (!early.isEmpty()) {
                        // a rebalance handed over partitions that were not paused yet: read them again later
                        Batches.rewind(kafka, early);
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransientIndexingException transientFailure) {
                throw transientFailure;
            }
            throw new TransientIndexingException("Embedding failed: " + e.getCause(), e.getCause());
        } finally {
            kafka.resume(kafka.paused());
        }
    }

    private void embed(ConsumerRecords<String, String> records) throws TransientIndexingException {
        Map<TopicPartition, OffsetAndMetadata> indexed = indexingProgress();
        // the last event of each document in this batch is the only one that can still be its current version
        Map<String, IndexOperation> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            OffsetAndMetadata indexedUpTo = indexed.get(new TopicPartition(record.topic(), record.partition()));
            if (indexedUpTo == null || indexedUpTo.offset() <= record.offset()) {
                throw new IndexingBehindException("waiting for the indexing stage to pass " + DocumentEventConsumer.origin(record));
            }
            try {
                IndexOperation operation = converter.convert(record);
                latest.remove(operation.id());
                latest.put(operation.id(), operation);
            } catch (MalformedEventException e) {
                // the indexing stage has dead-lettered it already
            }
        }
        List<IndexOperation> current = stillCurrent(latest.values().stream().filter(op -> !op.isDelete()).toList());
        List<String> texts = new ArrayList<>();
        for (IndexOperation operation : current) {
            operation.document().passages().forEach(passage -> texts.add(passage.text()));
        }
        List<float[]> vectors = model.embed(texts);
        List<IndexOperation> writes = new ArrayList<>();
        int next = 0;
        Instant now = Instant.now(clock);
        for (IndexOperation operation : current) {
            List<IndexedPassage> passages = operation.document().passages();
            IndexedDocument embedded = operation.document().withVectors(vectors.subList(next, next + passages.size()), now);
            next += passages.size();
            writes.add(IndexOperation.embedded(operation.id(), operation.version(), embedded));
        }
        for (DocumentIndexer.Rejection rejection : indexer.write(writes)) {
            LOG.warnf("Vectors of %s (offset %d) refused by Elasticsearch: %s", rejection.operation().id(),
                    rejection.operation().version(), rejection.reason());
        }
    }

    /** Where the indexing stage's group has committed, per partition. */
    private Map<TopicPartition, OffsetAndMetadata> indexingProgress() throws TransientIndexingException {
        try {
            return admin.listConsumerGroupOffsets(indexManager.consumerGroup(config.consumer().groupId()))
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new TransientIndexingException("Cannot read the indexing stage's offsets: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientIndexingException("Interrupted", e);
        }
    }

    /** The operations whose exact version (the event's offset) is what Elasticsearch holds now. */
    private List<IndexOperation> stillCurrent(List<IndexOperation> upserts) throws TransientIndexingException {
        if (upserts.isEmpty()) {
            return List.of();
        }
        try {
            indexManager.ensureIndex();
            MgetResponse<Void> response = client.mget(m -> m.index(indexManager.alias())
                    .ids(upserts.stream().map(IndexOperation::id).toList()).source(s -> s.fetch(false)), Void.class);
            Map<String, Long> versions = new HashMap<>();
            for (MultiGetResponseItem<Void> item : response.docs()) {
                if (item.isResult() && item.result().found() && item.result().version() != null) {
                    versions.put(item.result().id(), item.result().version());
                }
            }
            return upserts.stream().filter(op -> Long.valueOf(op.version()).equals(versions.get(op.id()))).toList();
        } catch (IOException | ElasticsearchException e) {
            throw new TransientIndexingException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }
}
