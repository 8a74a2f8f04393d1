package cn.docsearch.search.indexing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.embedding.ChineseEmbeddingModel;
import cn.docsearch.search.index.DocumentIndexer;
import cn.docsearch.search.index.IndexManager;
import cn.docsearch.search.index.IndexTarget;
import cn.docsearch.search.index.StoredDocuments;
import cn.docsearch.search.metrics.SearchMetrics;
import cn.docsearch.search.scheduling.SearchesInFlight;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.common.annotation.Identifier;

/** Starts the stages that fill an index; they share one Kafka admin client and the embedding model. */
@Singleton
public class IndexingPipelines {
    private final SearchConfig config;
    private final Map<String, Object> kafkaConfig;
    private final DocumentEventConverter converter;
    private final DocumentIndexer indexer;
    private final DeadLetterPublisher deadLetters;
    private final IndexManager indexManager;
    private final StoredDocuments storedDocuments;
    private final ChineseEmbeddingModel model;
    private final Admin admin;
    private final SearchMetrics metrics;
    private final Tracer tracer;
    private final SearchesInFlight searches;

    public IndexingPipelines(SearchConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                             DocumentEventConverter converter, DocumentIndexer indexer, DeadLetterPublisher deadLetters,
                             IndexManager indexManager, StoredDocuments storedDocuments, ChineseEmbeddingModel model,
                             SearchesInFlight searches, SearchMetrics metrics, Tracer tracer) {
        this.metrics = metrics;
        this.searches = searches;
        this.tracer = tracer;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.converter = converter;
        this.indexer = indexer;
        this.deadLetters = deadLetters;
        this.indexManager = indexManager;
        this.storedDocuments = storedDocuments;
        this.model = model;
        this.admin = Admin.create(kafkaConfig);
    }

    public Admin admin() {
        return admin;
    }

    /** Starts the stages of this instance's roles for the index. */
    public IndexingPipeline start(IndexTarget target) {
        Set<SearchConfig.Role> roles = config.roles();
        List<ConsumerStage> stages = new ArrayList<>();
        List<Meter> meters = new ArrayList<>();
        DocumentEventConsumer indexing = null;
        if (roles.contains(SearchConfig.Role.INDEX)) {
            Timer yielded = metrics.indexingYielded(target.index());
            meters.add(yielded);
            SearchFirstWrites slicedWrites = new SearchFirstWrites(searches, config.consumer().sliceSize(),
                    config.consumer().yieldToSearches(), yielded);
            indexing = new DocumentEventConsumer(config, kafkaConfig, converter, indexer, deadLetters, indexManager,
                    admin, target, slicedWrites, metrics.registry(), tracer);
            stages.add(indexing);
        }
        if (roles.contains(SearchConfig.Role.EMBED)) {
            // embedding yields to keyword indexing on the cores they share; on an instance of its own it has none
            LongSupplier keywordBacklog = indexing == null ? () -> 0 : indexing::lag;
            stages.add(new PassageEmbeddingConsumer(config, kafkaConfig, converter, indexer, indexManager,
                    storedDocuments, model, admin, target, keywordBacklog, deadLetters, metrics.registry()));
        }
        IndexingPipeline pipeline = new IndexingPipeline(target, stages, meters, metrics.registry());
        pipeline.start();
        return pipeline;
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
