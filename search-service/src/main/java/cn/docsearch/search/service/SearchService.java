package cn.docsearch.search.service;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.embedding.ChineseEmbeddingModel;
import cn.docsearch.search.index.ElasticsearchClientProducer;
import cn.docsearch.search.index.IndexManager;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.IndexedPassage;
import cn.docsearch.search.index.IndexingFailure;
import cn.docsearch.search.metrics.SearchMetrics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.InnerHitsResult;
import co.elastic.clients.json.JsonData;

/**
 * Answers a query by words ({@link KeywordQuery}), by meaning (k nearest passage vectors, grouped by document) or by
 * both, fused by {@link HybridFusion}. Every hit carries the passages that answer it.
 */
@ApplicationScoped
public class SearchService {
    public static final int MAX_SIZE = 100;
    public static final int MAX_QUERY_CHARS = 500;
    /** Semantic and hybrid results are ranked among this many candidates from each side. */
    public static final int RANKED_WINDOW = 100;
    private static final int MAX_WINDOW = 10_000;
    /** Candidates each side contributes to a hybrid ranking, at least. */
    private static final int FUSION_DEPTH = 50;
    /**
     * What a hit shows of its document ({@link #toHit}), and no more: the rest of the source (hashes, versions, times,
     * counts) would be written by Elasticsearch and read here for every hit, only to be dropped.
     */
    private static final List<String> HIT_FIELDS = List.of("collection", "title", "source", "tags", "documentDate",
            "fileName", "ingestedAt");
    /** What fusion needs of a keyword candidate besides its score. */
    private static final List<String> CANDIDATE_FIELDS = List.of("embeddedAt");

    private final ElasticsearchClient client;
    private final ElasticsearchAsyncClient asyncClient;
    private final IndexManager indexManager;
    private final ChineseEmbeddingModel model;
    private final SearchConfig config;

    private final SearchMetrics metrics;

    public SearchService(@Identifier(ElasticsearchClientProducer.QUERIES) ElasticsearchClient client,
                         @Identifier(ElasticsearchClientProducer.QUERIES) ElasticsearchAsyncClient asyncClient,
                         IndexManager indexManager, ChineseEmbeddingModel model, SearchConfig config, SearchMetrics metrics) {
        this.metrics = metrics;
        this.client = client;
        this.asyncClient = asyncClient;
        this.indexManager = indexManager;
        this.model = model;
        this.config = config;
    }

    /** One side's ranking: the documents in order, their metadata and their best passages. */
    private record Ranking(long total, List<Hit<IndexedDocument>> hits) {
    }

    /**
     * @param scope the caller's collections: nothing outside them is returned or counted
     * @return a keyword search is answered on the calling event loop, without blocking it (the query's one request goes
     *         out and comes back on that loop); semantic and hybrid searches embed the query and make several requests,
     *         on a worker thread
     */
    public Uni<SearchResults> search(String text, String modeName, int page, int size, boolean explain,
                                     CollectionScope scope) {
        String cleaned = QueryText.required("Parameter 'q'", text, MAX_QUERY_CHARS);
        SearchMode mode = SearchMode.parse(modeName);
        if (page < 1 || size < 1 || size > MAX_SIZE) {
            throw new InvalidQueryException("'page' must be >= 1 and 'size' between 1 and " + MAX_SIZE);
        }
        int window = mode == SearchMode.KEYWORD ? MAX_WINDOW : RANKED_WINDOW;
        if ((long) page * size > window) {
            throw new InvalidQueryException("Results beyond the first " + window + " cannot be paged to in " + mode.jsonValue()
                    + " mode; refine the query");
        }
        UserQuery query = UserQuery.parse(cleaned);
        if (query.isEmpty()) {
            throw new InvalidQueryException("Parameter 'q' has nothing to search for");
        }
        long started = System.nanoTime();
        int from = (page - 1) * size;
        // only the first search of an instance may have to create the index, which blocks
        Uni<Void> indexReady = indexManager.isReady() ? Uni.createFrom().voidItem() : onWorker(() -> {
            indexManager.ensureIndex();
            return null;
        });
        if (mode == SearchMode.KEYWORD) {
            return indexReady.chain(() -> Uni.createFrom().completionStage(() -> asyncClient.search(
                            keywordRequest(indexManager.alias(), query, scope, from, size, List.of()), IndexedDocument.class)))
                    .map(response -> keywordResults(ranking(response), from, page, size, explain, started));
        }
        return indexReady.chain(() -> onWorker(() -> rankedSearch(query, mode, from, page, size, explain, scope, started)));
    }

    private static <T> Uni<T> onWorker(Callable<T> blocking) {
        return Uni.createFrom().<T>emitter(emitter -> {
            try {
                emitter.complete(blocking.call());
            } catch (Exception e) {
                emitter.fail(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private SearchResults keywordResults(Ranking keyword, int from, int page, int size, boolean explain, long started) {
        List<SearchHit> hits = new ArrayList<>();
        for (int i = 0; i < keyword.hits().size(); i++) {
            Hit<IndexedDocument> hit = keyword.hits().get(i);
            HitExplanation explanation = new HitExplanation(from + i + 1, score(hit), allTerms(hit), null, null, 1,
                    score(hit));
            hits.add(toHit(hit, null, score(hit), explain ? explanation : null));
        }
        return results(SearchMode.KEYWORD, keyword.total(), page, size, hits, started);
    }

    /** Semantic or hybrid: the query's embedding, the candidates of each side, fused, then the page's passages. */
    private SearchResults rankedSearch(UserQuery query, SearchMode mode, int from, int page, int size, boolean explain,
                                       CollectionScope scope, long started) throws IOException {
        // semantic mode ranks the vector side alone, so it needs no more candidates than it shows
        int depth = mode == SearchMode.SEMANTIC ? page * size : Math.max(page * size, FUSION_DEPTH);
        float[] queryVector = model.embedQuery(query.meaning());
        double minSimilarity = config.semantic().minSimilarity();
        // hybrid ranks candidates on scores alone and fetches passages for the page shown only; semantic mode's
        // candidates are the pages up to this one, so they bring their passages at once
        boolean hybrid = mode == SearchMode.HYBRID;
        Ranking keyword = hybrid ? ranking(keywordRequest(indexManager.alias(), query, scope, 0, depth, null))
                : new Ranking(0, List.of());
        Ranking vector = ranking(vectorRequest(indexManager.alias(), query, scope, queryVector, depth, minSimilarity,
                hybrid ? null : List.of()));
        List<HybridFusion.Fused> fused = HybridFusion.fuse(
                keyword.hits().stream().map(h -> new HybridFusion.KeywordCandidate(h.id(), score(h), allTerms(h),
                        h.source() != null && h.source().embeddedAt() != null)).toList(),
                vector.hits().stream().map(h -> new HybridFusion.VectorCandidate(h.id(), PassageVectors.cosine(h.score()))).toList());
        long total = Math.max(keyword.total(), fused.size());
        List<HybridFusion.Fused> shown = fused.subList(Math.min(from, fused.size()), Math.min(from + size, fused.size()));
        List<String> shownIds = shown.stream().map(HybridFusion.Fused::id).toList();
        Map<String, Hit<IndexedDocument>> byKeyword = hybrid && shown.stream().anyMatch(f -> f.keywordRank() != null)
                ? byId(ranking(keywordRequest(indexManager.alias(), query, scope, 0, shownIds.size(), shownIds)).hits())
                : Map.of();
        Map<String, Hit<IndexedDocument>> byVector = !hybrid ? byId(vector.hits())
                : shown.stream().anyMatch(f -> f.vectorRank() != null)
                ? byId(ranking(vectorRequest(indexManager.alias(), query, scope, queryVector, shownIds.size(), minSimilarity,
                shownIds)).hits())
                : Map.of();
        List<SearchHit> hits = new ArrayList<>();
        for (HybridFusion.Fused result : shown) {
            Hit<IndexedDocument> keywordHit = byKeyword.get(result.id());
            Hit<IndexedDocument> vectorHit = byVector.get(result.id());
            HitExplanation explanation = new HitExplanation(result.keywordRank(), result.keywordScore(),
                    result.allTerms(), result.vectorRank(), result.similarity(), result.keywordWeight(), result.score());
            // the passages of the side that contributed more come first
            boolean wordsFirst = keywordHit != null && (vectorHit == null || result.keywordPart() >= result.vectorPart());
            hits.add(toHit(wordsFirst ? keywordHit : vectorHit, wordsFirst ? vectorHit : keywordHit,
                    result.score(), explain ? explanation : null));
        }
        return results(mode, total, page, size, hits, started);
    }

    private SearchResults results(SearchMode mode, long total, int page, int size, List<SearchHit> hits, long started) {
        long took = System.nanoTime() - started;
        metrics.searched(mode.jsonValue(), Duration.ofNanos(took));
        return new SearchResults(mode.jsonValue(), total, page, size, took / 1_000_000, hits);
    }

    private Ranking ranking(SearchRequest request) throws IOException {
        return ranking(client.search(request, IndexedDocument.class));
    }

    private static Ranking ranking(SearchResponse<IndexedDocument> response) {
        long total = response.hits().total() == null ? response.hits().hits().size() : response.hits().total().value();
        return new Ranking(total, response.hits().hits());
    }

    /**
     * The keyword request for a page of hits with their passages, as sent to Elasticsearch (also by the search
     * benchmark, to compare like with like).
     */
    static SearchRequest keywordRequest(String index, UserQuery query, int from, int size) {
        return keywordRequest(index, query, CollectionScope.ALL, from, size, List.of());
    }

    /**
     * @param shownIds null for candidates (scores, all-terms flag and embeddedAt only); otherwise the hits to show,
     *                 with their passages and highlights (empty: whatever ranks first)
     */
    static SearchRequest keywordRequest(String index, UserQuery query, CollectionScope scope, int from, int size,
                                        List<String> shownIds) {
        boolean candidates = shownIds == null;
        Query documents = scope.restrict(KeywordQuery.documents(query, !candidates));
        return SearchRequest.of(s -> {
            s.index(index).from(from).size(size)
                    .trackTotalHits(t -> t.enabled(true))
                    .query(candidates || shownIds.isEmpty() ? documents : restrictedTo(shownIds, documents));
            if (candidates) {
                return s.source(src -> src.filter(f -> f.includes(CANDIDATE_FIELDS)));
            }
            return s.source(src -> src.filter(f -> f.includes(HIT_FIELDS)))
                    .highlight(h -> h
                            .encoder(HighlighterEncoder.Html)
                            .preTags("<em>").postTags("</em>")
                            .requireFieldMatch(false)
                            .fields("title.smart", f -> f.numberOfFragments(0))
                            .fields("title", f -> f.numberOfFragments(0)));
        });
    }

    /** The k-nearest-passages request for a page of hits with their passages, as sent to Elasticsearch. */
    static SearchRequest vectorRequest(String index, UserQuery query, float[] queryVector, int k, double minSimilarity) {
        return vectorRequest(index, query, CollectionScope.ALL, queryVector, k, minSimilarity, List.of());
    }

    /** @param shownIds as for {@link #keywordRequest(String, UserQuery, CollectionScope, int, int, List)} */
    static SearchRequest vectorRequest(String index, UserQuery query, CollectionScope scope, float[] queryVector, int k,
                                       double minSimilarity, List<String> shownIds) {
        boolean candidates = shownIds == null;
        Query constraints = scope.restrict(KeywordQuery.constraints(query));
        return SearchRequest.of(s -> s
                .index(index)
                .size(k)
                .knn(PassageVectors.nearestPassages(queryVector, k,
                        candidates || shownIds.isEmpty() ? constraints : restrictedTo(shownIds, constraints),
                        (float) minSimilarity, !candidates, query))
                .source(src -> candidates ? src.fetch(false) : src.filter(f -> f.includes(HIT_FIELDS))));
    }

    private static Query restrictedTo(List<String> ids, Query query) {
        return Query.of(q -> q.bool(b -> b.filter(f -> f.ids(i -> i.values(ids))).must(query)));
    }

    private static SearchHit toHit(Hit<IndexedDocument> hit, Hit<IndexedDocument> alsoFoundBy, double score,
                                   HitExplanation explanation) {
        IndexedDocument document = hit.source();
        Map<String, List<String>> highlight = hit.highlight();
        List<String> titleHighlight = preferMatched(highlight.get("title.smart"), highlight.get("title"));
        List<PassageHit> passages = passages(hit);
        if (alsoFoundBy != null) {
            for (PassageHit passage : passages(alsoFoundBy)) {
                if (passages.size() < KeywordQuery.PASSAGES_PER_HIT
                        && passages.stream().noneMatch(p -> p.position() == passage.position())) {
                    passages.add(passage);
                }
            }
        }
        return new SearchHit(hit.id(), document == null ? null : document.collection(),
                document == null ? null : document.title(), score,
                titleHighlight.isEmpty() ? null : titleHighlight.get(0),
                passages.stream().map(PassageHit::text).toList(), passages,
                document == null ? null : document.source(),
                document == null ? List.of() : document.tags(),
                document == null ? null : document.documentDate(),
                document == null ? null : document.fileName(),
                document == null ? null : document.ingestedAt(), explanation);
    }

    /** The best passages of a hit, highlighted when a keyword query found them, HTML-escaped otherwise. */
    private static List<PassageHit> passages(Hit<IndexedDocument> hit) {
        List<PassageHit> passages = new ArrayList<>();
        InnerHitsResult inner = hit.innerHits().get(KeywordQuery.PASSAGES);
        if (inner == null) {
            return passages;
        }
        for (Hit<JsonData> passageHit : inner.hits().hits()) {
            if (passageHit.source() == null) {
                continue;
            }
            IndexedPassage passage = passageHit.source().to(IndexedPassage.class);
            List<String> marked = preferMatched(passageHit.highlight().get(KeywordQuery.PASSAGES + ".text.smart"),
                    passageHit.highlight().get(KeywordQuery.PASSAGES + ".text"));
            String text = marked.isEmpty() ? Html.escape(passage.text()) : marked.get(0);
            passages.add(new PassageHit(passage.position(), passage.headings(), text, score(passageHit)));
        }
        return passages;
    }

    /** The document, if it exists and the scope admits its collection. */
    public Optional<IndexedDocument> get(String id, CollectionScope scope) throws IOException {
        indexManager.ensureIndex();
        GetResponse<IndexedDocument> response = client.get(g -> g.index(indexManager.alias()).id(id)
                .sourceExcludes(KeywordQuery.PASSAGES), IndexedDocument.class);
        return response.found() ? Optional.ofNullable(response.source()).filter(d -> scope.admits(d.collection()))
                : Optional.empty();
    }

    /**
     * The document's latest outcome: indexed (keyword-searchable), embedded (also semantically searchable), or a
     * failure of a later event (a newer version that Elasticsearch refused leaves the older one searchable, and that
     * must not read as success).
     */
    public Optional<IndexingStatus> status(String id, CollectionScope scope) throws IOException {
        indexManager.ensureIndex();
        GetResponse<IndexedDocument> indexed = client.get(g -> g.index(indexManager.alias()).id(id)
                .sourceExcludes(List.of("body", KeywordQuery.PASSAGES)), IndexedDocument.class);
        GetResponse<IndexingFailure> failed = client.get(g -> g.index(indexManager.failuresIndex()).id(id), IndexingFailure.class);
        IndexingFailure failure = failed.found() ? failed.source() : null;
        // what the caller may not see does not exist for it; an unreadable event's failure only for callers of all
        if (indexed.found() && indexed.source() != null && !scope.admits(indexed.source().collection())
                || failure != null && !scope.admitsFailureOf(failure.collection())) {
            return Optional.empty();
        }
        // both ordered by the external version they were (or would have been) written with
        long failedVersion = failure == null ? 0 : Objects.requireNonNullElse(failure.externalVersion(), failure.offset());
        boolean failedLater = failure != null && (!indexed.found() || indexed.version() == null
                || failedVersion > indexed.version());
        if (failedLater) {
            return Optional.of(new IndexingStatus(id, IndexingStatus.FAILED, failure.version(), null, null,
                    failure.reason(), failure.failedAt(), failure.stage() == null ? IndexingFailure.INDEXING : failure.stage()));
        }
        if (indexed.found() && indexed.source() != null) {
            IndexedDocument document = indexed.source();
            // the embedding stage failed on the version that is indexed: keyword-searchable, never by meaning
            if (failure != null && failure.ofEmbedding() && failedVersion == indexed.version() && document.embeddedAt() == null) {
                return Optional.of(new IndexingStatus(id, IndexingStatus.FAILED, document.version(), document.indexedAt(),
                        null, failure.reason(), failure.failedAt(), failure.stage()));
            }
            return Optional.of(new IndexingStatus(id,
                    document.embeddedAt() != null ? IndexingStatus.EMBEDDED : IndexingStatus.INDEXED,
                    document.version(), document.indexedAt(), document.embeddedAt(), null, null, null));
        }
        return Optional.empty();
    }

    private static Map<String, Hit<IndexedDocument>> byId(List<Hit<IndexedDocument>> hits) {
        Map<String, Hit<IndexedDocument>> byId = new LinkedHashMap<>();
        hits.forEach(hit -> byId.putIfAbsent(hit.id(), hit));
        return byId;
    }

    private static double score(Hit<?> hit) {
        return hit.score() == null ? 0 : hit.score();
    }

    private static boolean allTerms(Hit<?> hit) {
        return hit.matchedQueries().contains(KeywordQuery.ALL_TERMS);
    }

    /** The ik_smart highlight when it marked something, else the max_word one, else whatever there is. */
    private static List<String> preferMatched(List<String> smart, List<String> maxWord) {
        if (smart != null && smart.stream().anyMatch(f -> f.contains("<em>"))) {
            return smart;
        }
        if (maxWord != null && !maxWord.isEmpty()) {
            return maxWord;
        }
        return smart == null ? List.of() : smart;
    }
}
