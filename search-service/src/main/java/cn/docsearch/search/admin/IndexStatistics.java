package cn.docsearch.search.admin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.EmbeddingBacklog;
import cn.docsearch.search.index.IndexingFailure;
import cn.docsearch.search.index.SearchIndex;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;

/** What the index holds, per collection, and what failed: the search side of the platform's statistics. */
@ApplicationScoped
public class IndexStatistics {
    /** More collections than this are not counted one by one. */
    private static final int MAX_COLLECTIONS = 1000;
    private static final int LAST_FAILURES = 10;

    private final SearchIndex searchIndex;
    private final IndexLifecycle lifecycle;
    private final EmbeddingBacklog backlog;

    public IndexStatistics(SearchIndex searchIndex, IndexLifecycle lifecycle, EmbeddingBacklog backlog) {
        this.searchIndex = searchIndex;
        this.lifecycle = lifecycle;
        this.backlog = backlog;
    }

    public record CollectionCount(String collection, long indexed, long embedded) {
    }

    /**
     * @param failed       documents whose latest event could not be indexed
     * @param indexingLag  events of the live index's topic not yet indexed (all collections: the topic is shared)
     * @param embeddingLag events not yet embedded
     * @param embeddingBacklog the scope's documents searchable by words, not yet by meaning, and the estimated wait
     */
    public record Stats(List<CollectionCount> collections, long failed, List<IndexingFailure> lastFailures,
                        long indexingLag, long embeddingLag, EmbeddingBacklog.EmbeddingQueue embeddingBacklog) {
    }

    public Stats stats(CollectionScope scope) throws IOException {
        Map<String, Long> documents = byCollection(searchIndex.alias(), scope);
        Map<String, Long> embedded = byCollection(searchIndex.vectorsAlias(), scope);
        // a document's vectors are counted until its new version's replace them, so never more than its documents
        List<CollectionCount> collections = documents.entrySet().stream().map(count -> new CollectionCount(count.getKey(),
                count.getValue(), Math.min(count.getValue(), embedded.getOrDefault(count.getKey(), 0L)))).toList();
        // as CollectionScope.admitsFailureOf: a failure of an unreadable event, without collection, for a scope of all
        SearchResponse<IndexingFailure> failures = searchIndex.search(SearchRequest.of(s -> s.index(searchIndex.failuresIndex())
                .size(LAST_FAILURES).trackTotalHits(t -> t.enabled(true)).query(scope.named())
                .sort(o -> o.field(f -> f.field("failedAt").order(SortOrder.Desc)))), IndexingFailure.class);
        IndexLifecycle.IndexState live = lifecycle.status().live();
        return new Stats(collections, failures.hits().total() == null ? 0 : failures.hits().total().value(),
                failures.hits().hits().stream().map(hit -> hit.source()).toList(), live.indexingLag(), live.embeddingLag(),
                backlog.of(scope));
    }

    /** Documents of an index per collection, most first. */
    private Map<String, Long> byCollection(String index, CollectionScope scope) throws IOException {
        SearchResponse<Void> counts = searchIndex.search(SearchRequest.of(s -> s.index(index).size(0)
                .query(scope.restrict(Query.of(q -> q.matchAll(m -> m))))
                .aggregations("collections", a -> a.terms(t -> t.field(CollectionScope.FIELD).size(MAX_COLLECTIONS)
                        .missing(FieldValue.of(CollectionNames.DEFAULT))))), Void.class);
        Map<String, Long> byCollection = new LinkedHashMap<>();
        for (StringTermsBucket bucket : counts.aggregations().get("collections").sterms().buckets().array()) {
            byCollection.put(bucket.key().stringValue(), bucket.docCount());
        }
        return byCollection;
    }
}
