package cn.docsearch.search.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.embedding.ChineseEmbeddingModel;
import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.SearchIndex;
import cn.docsearch.search.query.SearchHits.Ranking;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * Semantic and hybrid searches: the query's embedding, the candidates of each side, fused by {@link HybridFusion}
 * into one ranking ({@link #rank}), then any slice of it with its passages ({@link #hits}). Every page of a search
 * ranks the same {@link SearchPage#RANKED_WINDOW} candidates of each side, so the pages are slices of one ranking and
 * never share a document, whether asked for by number, by cursor or exported. It embeds and makes several requests,
 * so it blocks: a worker thread's job.
 */
@ApplicationScoped
public class RankedSearch {
    /** The most hits one request brings back (the indexes' max_result_window). */
    private static final int MAX_RESULT_WINDOW = 10_000;
    private final SearchIndex searchIndex;
    private final ChineseEmbeddingModel model;
    private final SearchConfig config;

    public RankedSearch(SearchIndex searchIndex, ChineseEmbeddingModel model, SearchConfig config) {
        this.searchIndex = searchIndex;
        this.model = model;
        this.config = config;
    }

    /**
     * A search's whole ranking, best first (or in date order), how many results there are, and their counts by field
     * (null when not asked for).
     */
    record FusedRanking(SearchPage page, CollectionScope scope, float[] queryVector, List<HybridFusion.Fused> ranked,
                        long total, Map<String, List<FacetCount>> facets) {
    }

    /**
     * Semantic mode's results are the vector candidates: the {@link SearchPage#RANKED_WINDOW} documents nearest the
     * query above the similarity floor, among those the filters admit; the total and the facets count them. Hybrid
     * mode's ranking fuses as many keyword candidates with them; its total and facets count every keyword match and
     * the vector candidates (one more request, unless the keyword side brought every match it has and no facet was
     * asked for).
     */
    FusedRanking rank(SearchPage page, CollectionScope scope) throws IOException {
        return rank(page, scope, model.embedQuery(page.query().meaning()));
    }

    /**
     * As {@link #rank(SearchPage, CollectionScope)}, unless the query's vector is not ready within {@code
     * search.semantic.query-embedding-timeout}.
     *
     * @throws VectorSideUnavailableException then: the caller answers with the keyword side
     */
    FusedRanking rankInTime(SearchPage page, CollectionScope scope) throws IOException, InterruptedException {
        float[] queryVector = model.embedQuery(page.query().meaning(), config.semantic().queryEmbeddingTimeout())
                .orElseThrow(() -> new VectorSideUnavailableException("The query's vector was not ready within "
                        + config.semantic().queryEmbeddingTimeout()));
        return rank(page, scope, queryVector);
    }

    private FusedRanking rank(SearchPage page, CollectionScope scope, float[] queryVector) throws IOException {
        UserQuery query = page.query();
        SearchFilters filters = page.filters();
        String index = searchIndex.alias();
        boolean hybrid = page.mode() == SearchMode.HYBRID;
        int window = SearchPage.RANKED_WINDOW;
        Ranking keyword = hybrid ? ranking(SearchRequests.keyword(index, query, scope, filters, 0, window, null,
                page.sort(), List.of())) : Ranking.NONE;
        Ranking admitted = KeywordQuery.hasConstraints(query)
                ? ranking(SearchRequests.admitted(index, query, scope, filters,
                        Math.min(config.semantic().maxAdmitted(), MAX_RESULT_WINDOW))) : null;
        // narrowed inside the kNN to the documents the constraints admit, unless they admit too many to name; then
        // the nearest documents are checked against them afterwards
        boolean narrowed = admitted != null && admitted.total() <= admitted.hits().size();
        Ranking vector = ranking(SearchRequests.vector(searchIndex.vectorsAlias(), scope, filters,
                narrowed ? admitted.ids() : null, queryVector, window, window, config.semantic().minSimilarity(), null,
                page.sort(), hybrid || admitted != null && !narrowed ? List.of() : page.facets()));
        if (admitted != null && !narrowed && !vector.hits().isEmpty()) {
            Ranking kept = ranking(SearchRequests.admittedAmong(index, query, vector.ids(), hybrid ? List.of() : page.facets()));
            Set<String> keptIds = Set.copyOf(kept.ids());
            vector = new Ranking(kept.total(), vector.hits().stream().filter(h -> keptIds.contains(SearchHits.id(h))).toList(),
                    kept.aggregations());
        }
        Set<String> embedded = keyword.hits().isEmpty() ? Set.of()
                : Set.copyOf(ranking(SearchRequests.embeddedAmong(searchIndex.vectorsAlias(), keyword.ids())).ids());
        List<HybridFusion.Fused> fused = HybridFusion.fuse(
                keyword.hits().stream().map(h -> new HybridFusion.KeywordCandidate(SearchHits.id(h), SearchHits.score(h),
                        SearchHits.allTerms(h), embedded.contains(SearchHits.id(h)))).toList(),
                vector.hits().stream().map(h -> new HybridFusion.VectorCandidate(SearchHits.id(h), PassageVectors.cosine(h.score())))
                        .toList());
        if (page.sort().byDate()) {
            Map<String, String> dates = new HashMap<>();
            keyword.hits().forEach(h -> dates.put(SearchHits.id(h), SearchHits.date(h)));
            vector.hits().forEach(h -> dates.put(SearchHits.id(h), SearchHits.date(h)));
            fused = new ArrayList<>(fused);
            fused.sort(page.sort().byDate(f -> dates.get(f.id()), HybridFusion.RANKING));
        }
        if (!hybrid) {
            return new FusedRanking(page, scope, queryVector, fused, vector.total(), vector.facets(page.facets()));
        }
        if (keyword.total() > keyword.hits().size() || !page.facets().isEmpty()) {
            Ranking union = ranking(SearchRequests.union(index, query, scope, filters, vector.ids(), page.facets()));
            return new FusedRanking(page, scope, queryVector, fused, union.total(), union.facets(page.facets()));
        }
        return new FusedRanking(page, scope, queryVector, fused, fused.size(), null);
    }

    /** The results ranked {@code from} (from 0) to {@code from + size}, with their passages. */
    List<SearchHit> hits(FusedRanking ranking, int from, int size) throws IOException {
        SearchPage page = ranking.page();
        UserQuery query = page.query();
        String index = searchIndex.alias();
        List<HybridFusion.Fused> shown = ranking.ranked().subList(Math.min(from, ranking.ranked().size()),
                Math.min(from + size, ranking.ranked().size()));
        List<String> shownIds = shown.stream().map(HybridFusion.Fused::id).toList();
        Map<String, Hit<IndexedDocument>> byKeyword = shown.stream().anyMatch(f -> f.keywordRank() != null)
                ? ranking(SearchRequests.keyword(index, query, ranking.scope(), page.filters(), 0, shownIds.size(),
                        shownIds, SearchSort.RELEVANCE, List.of())).byId()
                : Map.of();
        ByMeaning byMeaning = shown.stream().anyMatch(f -> f.vectorRank() != null)
                ? byMeaning(ranking, shownIds) : ByMeaning.NONE;
        List<SearchHit> hits = new ArrayList<>();
        Map<String, Long> fingerprints = new HashMap<>();
        for (HybridFusion.Fused result : shown) {
            Hit<IndexedDocument> keywordHit = byKeyword.get(result.id());
            Hit<IndexedDocument> vectorHit = byMeaning.documents().get(result.id());
            if (keywordHit == null && vectorHit == null) {
                // deleted since it was ranked: a page shows what still exists
                continue;
            }
            HitExplanation explanation = new HitExplanation(result.keywordRank(), result.keywordScore(),
                    result.allTerms(), result.vectorRank(), result.similarity(), result.keywordWeight(), result.score());
            List<PassageHit> keywordPassages = keywordHit == null ? List.of() : SearchHits.passages(keywordHit);
            List<PassageHit> vectorPassages = byMeaning.passages().getOrDefault(result.id(), List.of());
            // the passages of the side that contributed more come first
            boolean wordsFirst = keywordHit != null && (vectorHit == null || result.keywordPart() >= result.vectorPart());
            Hit<IndexedDocument> shownHit = keywordHit != null ? keywordHit : vectorHit;
            hits.add(SearchHits.toHit(shownHit, wordsFirst ? keywordPassages : vectorPassages,
                    wordsFirst ? vectorPassages : keywordPassages, result.score(),
                    page.explain() ? explanation : null, page, !wordsFirst));
            fingerprints.put(result.id(), SearchHits.fingerprint(shownHit));
        }
        return page.fold() ? NearDuplicates.fold(hits, fingerprints) : hits;
    }

    /**
     * What the search by meaning found of the documents shown: their nearest passages, found in the vectors index and
     * read from the documents index, nearest first, and the documents as hits show them.
     */
    private record ByMeaning(Map<String, Hit<IndexedDocument>> documents, Map<String, List<PassageHit>> passages) {
        static final ByMeaning NONE = new ByMeaning(Map.of(), Map.of());
    }

    private ByMeaning byMeaning(FusedRanking ranking, List<String> shownIds) throws IOException {
        SearchPage page = ranking.page();
        Ranking nearest = ranking(SearchRequests.vector(searchIndex.vectorsAlias(), ranking.scope(), page.filters(), null,
                ranking.queryVector(), shownIds.size(), shownIds.size(), config.semantic().minSimilarity(), shownIds,
                SearchSort.RELEVANCE, List.of()));
        Map<String, Map<Integer, Double>> scores = new LinkedHashMap<>();
        Map<String, Long> versions = new HashMap<>();
        nearest.hits().forEach(hit -> {
            scores.put(SearchHits.id(hit), PassageVectors.positions(hit));
            versions.put(SearchHits.id(hit), hit.version());
        });
        if (scores.isEmpty()) {
            return ByMeaning.NONE;
        }
        List<String> ids = List.copyOf(scores.keySet());
        List<List<Hit<IndexedDocument>>> found = searchIndex.searchEach(searchIndex.alias(), ids.stream()
                .map(id -> SearchRequests.passagesAt(page.query(), id, List.copyOf(scores.get(id).keySet()))).toList());
        Map<String, Hit<IndexedDocument>> documents = new HashMap<>();
        Map<String, List<PassageHit>> passages = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Hit<IndexedDocument> hit = found.get(i).isEmpty() ? null : found.get(i).get(0);
            if (hit == null || !Objects.equals(hit.version(), versions.get(ids.get(i)))) {
                // deleted since it was ranked, or a new version's text came before its vectors (until then, and for
                // up to a refresh of the vectors index after, the older version's vectors are found): not shown by meaning
                continue;
            }
            Map<Integer, Double> byPosition = scores.get(ids.get(i));
            documents.put(ids.get(i), hit);
            passages.put(ids.get(i), SearchHits.passages(hit).stream()
                    .filter(p -> byPosition.containsKey(p.position()))
                    .map(p -> p.withScore(byPosition.get(p.position())))
                    .sorted(Comparator.comparingDouble(PassageHit::score).reversed()).toList());
        }
        return new ByMeaning(documents, passages);
    }

    private Ranking ranking(SearchRequest request) throws IOException {
        return Ranking.of(searchIndex.search(request));
    }
}
