package cn.docsearch.search.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Ranking vector = ranking(SearchRequests.vector(index, query, scope, filters, queryVector, window, window,
                config.semantic().minSimilarity(), null, page.sort(), hybrid ? List.of() : page.facets()));
        List<HybridFusion.Fused> fused = HybridFusion.fuse(
                keyword.hits().stream().map(h -> new HybridFusion.KeywordCandidate(h.id(), SearchHits.score(h),
                        SearchHits.allTerms(h), SearchHits.embedded(h))).toList(),
                vector.hits().stream().map(h -> new HybridFusion.VectorCandidate(h.id(), PassageVectors.cosine(h.score())))
                        .toList());
        if (page.sort().byDate()) {
            Map<String, String> dates = new HashMap<>();
            keyword.hits().forEach(h -> dates.put(h.id(), SearchHits.date(h)));
            vector.hits().forEach(h -> dates.put(h.id(), SearchHits.date(h)));
            fused = new ArrayList<>(fused);
            fused.sort(page.sort().byDate(f -> dates.get(f.id()), HybridFusion.RANKING));
        }
        if (!hybrid) {
            return new FusedRanking(page, scope, queryVector, fused, vector.total(), vector.facets(page.facets()));
        }
        if (keyword.total() > keyword.hits().size() || !page.facets().isEmpty()) {
            Ranking union = ranking(SearchRequests.union(index, query, scope, filters,
                    vector.hits().stream().map(Hit::id).toList(), page.facets()));
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
        Map<String, Hit<IndexedDocument>> byVector = shown.stream().anyMatch(f -> f.vectorRank() != null)
                ? ranking(SearchRequests.vector(index, query, ranking.scope(), page.filters(), ranking.queryVector(),
                        shownIds.size(), shownIds.size(), config.semantic().minSimilarity(), shownIds,
                        SearchSort.RELEVANCE, List.of())).byId()
                : Map.of();
        List<SearchHit> hits = new ArrayList<>();
        Map<String, Long> fingerprints = new HashMap<>();
        for (HybridFusion.Fused result : shown) {
            Hit<IndexedDocument> keywordHit = byKeyword.get(result.id());
            Hit<IndexedDocument> vectorHit = byVector.get(result.id());
            if (keywordHit == null && vectorHit == null) {
                // deleted since it was ranked: a page shows what still exists
                continue;
            }
            HitExplanation explanation = new HitExplanation(result.keywordRank(), result.keywordScore(),
                    result.allTerms(), result.vectorRank(), result.similarity(), result.keywordWeight(), result.score());
            // the passages of the side that contributed more come first
            boolean wordsFirst = keywordHit != null && (vectorHit == null || result.keywordPart() >= result.vectorPart());
            Hit<IndexedDocument> shownHit = wordsFirst ? keywordHit : vectorHit;
            hits.add(SearchHits.toHit(shownHit, wordsFirst ? vectorHit : keywordHit, result.score(),
                    page.explain() ? explanation : null, page, !wordsFirst));
            fingerprints.put(result.id(), SearchHits.fingerprint(shownHit));
        }
        return page.fold() ? NearDuplicates.fold(hits, fingerprints) : hits;
    }

    private Ranking ranking(SearchRequest request) throws IOException {
        return Ranking.of(searchIndex.search(request));
    }
}
