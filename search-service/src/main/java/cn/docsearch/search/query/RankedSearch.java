package cn.docsearch.search.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Semantic and hybrid searches: the query's embedding, the candidates of each side, fused by {@link HybridFusion},
 * then the page's hits with their passages. It embeds and makes several requests, so it blocks: a worker thread's job.
 */
@ApplicationScoped
public class RankedSearch {
    /** Candidates each side contributes to a hybrid ranking, at least. */
    private static final int FUSION_DEPTH = 50;

    private final SearchIndex searchIndex;
    private final ChineseEmbeddingModel model;
    private final SearchConfig config;

    public RankedSearch(SearchIndex searchIndex, ChineseEmbeddingModel model, SearchConfig config) {
        this.searchIndex = searchIndex;
        this.model = model;
        this.config = config;
    }

    /** A page of ranked hits, how many results there are, and their counts by field (null when not asked for). */
    record Hits(long total, List<SearchHit> hits, Map<String, List<FacetCount>> facets) {
    }

    /**
     * Semantic mode's results are the vector candidates: the {@link SearchPage#RANKED_WINDOW} documents nearest the
     * query above the similarity floor, among those the filters admit; the total and the facets count them. Hybrid
     * mode's are every keyword match and the vector candidates it fuses: the total and the facets count that union
     * (one more request, unless the keyword side brought every match it has and no facet was asked for).
     */
    Hits search(SearchPage page, CollectionScope scope) throws IOException {
        UserQuery query = page.query();
        SearchFilters filters = page.filters();
        String index = searchIndex.alias();
        boolean hybrid = page.mode() == SearchMode.HYBRID;
        int depth = Math.max(page.page() * page.size(), FUSION_DEPTH);
        float[] queryVector = model.embedQuery(query.meaning());
        double minSimilarity = config.semantic().minSimilarity();
        // semantic mode ranked by relevance shows the vector side's own order: the pages up to this one bring their
        // passages at once. Otherwise candidates come with scores (and dates) only, and the page shown is fetched after
        boolean passagesWithCandidates = !hybrid && !page.sort().byDate();
        Ranking keyword = hybrid ? ranking(SearchRequests.keyword(index, query, scope, filters, 0, depth, null,
                page.sort(), List.of())) : Ranking.NONE;
        int k = hybrid ? depth : SearchPage.RANKED_WINDOW;
        Ranking vector = ranking(SearchRequests.vector(index, query, scope, filters, queryVector, k,
                passagesWithCandidates ? page.page() * page.size() : k, minSimilarity,
                passagesWithCandidates ? List.of() : null, page.sort(), hybrid ? List.of() : page.facets()));
        List<HybridFusion.Fused> fused = HybridFusion.fuse(
                keyword.hits().stream().map(h -> new HybridFusion.KeywordCandidate(h.id(), SearchHits.score(h),
                        SearchHits.allTerms(h), h.source() != null && h.source().embeddedAt() != null)).toList(),
                vector.hits().stream().map(h -> new HybridFusion.VectorCandidate(h.id(), PassageVectors.cosine(h.score())))
                        .toList());
        if (page.sort().byDate()) {
            Map<String, String> dates = new HashMap<>();
            keyword.hits().forEach(h -> dates.put(h.id(), SearchHits.date(h)));
            vector.hits().forEach(h -> dates.put(h.id(), SearchHits.date(h)));
            fused = new ArrayList<>(fused);
            fused.sort(page.sort().byDate(f -> dates.get(f.id()), Comparator.comparingDouble(HybridFusion.Fused::score)
                    .reversed().thenComparing(HybridFusion.Fused::id)));
        }
        long total;
        Map<String, List<FacetCount>> facets;
        if (!hybrid) {
            total = vector.total();
            facets = vector.facets(page.facets());
        } else if (keyword.total() > keyword.hits().size() || !page.facets().isEmpty()) {
            Ranking union = ranking(SearchRequests.union(index, query, scope, filters,
                    vector.hits().stream().map(Hit::id).toList(), page.facets()));
            total = union.total();
            facets = union.facets(page.facets());
        } else {
            total = fused.size();
            facets = null;
        }
        List<HybridFusion.Fused> shown = fused.subList(Math.min(page.from(), fused.size()),
                Math.min(page.from() + page.size(), fused.size()));
        List<String> shownIds = shown.stream().map(HybridFusion.Fused::id).toList();
        Map<String, Hit<IndexedDocument>> byKeyword = hybrid && shown.stream().anyMatch(f -> f.keywordRank() != null)
                ? ranking(SearchRequests.keyword(index, query, scope, filters, 0, shownIds.size(), shownIds,
                        SearchSort.RELEVANCE, List.of())).byId()
                : Map.of();
        Map<String, Hit<IndexedDocument>> byVector = passagesWithCandidates ? vector.byId()
                : shown.stream().anyMatch(f -> f.vectorRank() != null)
                ? ranking(SearchRequests.vector(index, query, scope, filters, queryVector, shownIds.size(), shownIds.size(),
                        minSimilarity, shownIds, SearchSort.RELEVANCE, List.of())).byId()
                : Map.of();
        List<SearchHit> hits = new ArrayList<>();
        for (HybridFusion.Fused result : shown) {
            Hit<IndexedDocument> keywordHit = byKeyword.get(result.id());
            Hit<IndexedDocument> vectorHit = byVector.get(result.id());
            HitExplanation explanation = new HitExplanation(result.keywordRank(), result.keywordScore(),
                    result.allTerms(), result.vectorRank(), result.similarity(), result.keywordWeight(), result.score());
            // the passages of the side that contributed more come first
            boolean wordsFirst = keywordHit != null && (vectorHit == null || result.keywordPart() >= result.vectorPart());
            hits.add(SearchHits.toHit(wordsFirst ? keywordHit : vectorHit, wordsFirst ? vectorHit : keywordHit,
                    result.score(), page.explain() ? explanation : null));
        }
        return new Hits(total, hits, facets);
    }

    private Ranking ranking(SearchRequest request) throws IOException {
        return Ranking.of(searchIndex.search(request));
    }
}
