package cn.docsearch.search.query;

import java.io.IOException;
import java.util.ArrayList;
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

    /** A page of ranked hits, and how many candidates there were. */
    record Hits(long total, List<SearchHit> hits) {
    }

    Hits search(SearchPage page, CollectionScope scope) throws IOException {
        UserQuery query = page.query();
        String index = searchIndex.alias();
        // semantic mode ranks the vector side alone, so it needs no more candidates than it shows
        int depth = page.mode() == SearchMode.SEMANTIC ? page.page() * page.size()
                : Math.max(page.page() * page.size(), FUSION_DEPTH);
        float[] queryVector = model.embedQuery(query.meaning());
        double minSimilarity = config.semantic().minSimilarity();
        // hybrid ranks candidates on scores alone and fetches passages for the page shown only; semantic mode's
        // candidates are the pages up to this one, so they bring their passages at once
        boolean hybrid = page.mode() == SearchMode.HYBRID;
        Ranking keyword = hybrid ? ranking(SearchRequests.keyword(index, query, scope, 0, depth, null)) : Ranking.NONE;
        Ranking vector = ranking(SearchRequests.vector(index, query, scope, queryVector, depth, minSimilarity,
                hybrid ? null : List.of()));
        List<HybridFusion.Fused> fused = HybridFusion.fuse(
                keyword.hits().stream().map(h -> new HybridFusion.KeywordCandidate(h.id(), SearchHits.score(h),
                        SearchHits.allTerms(h), h.source() != null && h.source().embeddedAt() != null)).toList(),
                vector.hits().stream().map(h -> new HybridFusion.VectorCandidate(h.id(), PassageVectors.cosine(h.score())))
                        .toList());
        long total = Math.max(keyword.total(), fused.size());
        List<HybridFusion.Fused> shown = fused.subList(Math.min(page.from(), fused.size()),
                Math.min(page.from() + page.size(), fused.size()));
        List<String> shownIds = shown.stream().map(HybridFusion.Fused::id).toList();
        Map<String, Hit<IndexedDocument>> byKeyword = hybrid && shown.stream().anyMatch(f -> f.keywordRank() != null)
                ? ranking(SearchRequests.keyword(index, query, scope, 0, shownIds.size(), shownIds)).byId()
                : Map.of();
        Map<String, Hit<IndexedDocument>> byVector = !hybrid ? vector.byId()
                : shown.stream().anyMatch(f -> f.vectorRank() != null)
                ? ranking(SearchRequests.vector(index, query, scope, queryVector, shownIds.size(), minSimilarity, shownIds)).byId()
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
        return new Hits(total, hits);
    }

    private Ranking ranking(SearchRequest request) throws IOException {
        return Ranking.of(searchIndex.search(request));
    }
}
