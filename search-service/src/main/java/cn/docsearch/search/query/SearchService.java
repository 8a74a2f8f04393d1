package cn.docsearch.search.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.SearchIndex;
import cn.docsearch.search.metrics.SearchMetrics;
import cn.docsearch.search.query.SearchHits.Ranking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * Answers a query by words ({@link KeywordQuery}), by meaning or by both ({@link RankedSearch}), each on the thread it
 * belongs on. Every hit carries the passages that answer it.
 */
@ApplicationScoped
public class SearchService {
    private final SearchIndex searchIndex;
    private final RankedSearch rankedSearch;
    private final SearchMetrics metrics;

    public SearchService(SearchIndex searchIndex, RankedSearch rankedSearch, SearchMetrics metrics) {
        this.searchIndex = searchIndex;
        this.rankedSearch = rankedSearch;
        this.metrics = metrics;
    }

    /**
     * @param scope the caller's collections: nothing outside them is returned or counted
     * @return a keyword search is answered on the calling event loop, without blocking it (the query's one request goes
     *         out and comes back on that loop); semantic and hybrid searches embed the query and make several requests,
     *         on a worker thread
     */
    public Uni<SearchResults> search(SearchPage request, CollectionScope scope) {
        long started = System.nanoTime();
        // only the first search of an instance may have to create the index, which blocks
        Uni<Void> indexReady = searchIndex.isReady() ? Uni.createFrom().voidItem() : onWorker(() -> {
            searchIndex.ensureIndex();
            return null;
        });
        if (request.mode() == SearchMode.KEYWORD) {
            return indexReady.chain(() -> Uni.createFrom().completionStage(() -> searchIndex.searchAsync(
                            SearchRequests.keyword(searchIndex.alias(), request.query(), scope, request.filters(),
                                    request.from(), request.size(), List.of(), request.sort(), request.facets()))))
                    .map(response -> {
                        Ranking keyword = Ranking.of(response);
                        return results(request, keyword.total(), keywordHits(keyword, request),
                                keyword.facets(request.facets()), started);
                    });
        }
        return indexReady.chain(() -> onWorker(() -> {
            RankedSearch.Hits ranked = rankedSearch.search(request, scope);
            return results(request, ranked.total(), ranked.hits(), ranked.facets(), started);
        }));
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

    private static List<SearchHit> keywordHits(Ranking keyword, SearchPage request) {
        List<SearchHit> hits = new ArrayList<>();
        for (int i = 0; i < keyword.hits().size(); i++) {
            Hit<IndexedDocument> hit = keyword.hits().get(i);
            double score = SearchHits.score(hit);
            // sorted by date, a hit's keyword rank is its place by relevance, which this page does not know
            Integer rank = request.sort().byDate() ? null : request.from() + i + 1;
            HitExplanation explanation = new HitExplanation(rank, score, SearchHits.allTerms(hit),
                    null, null, 1, score);
            hits.add(SearchHits.toHit(hit, null, score, request.explain() ? explanation : null));
        }
        return hits;
    }

    private SearchResults results(SearchPage request, long total, List<SearchHit> hits,
                                  Map<String, List<FacetCount>> facets, long started) {
        long took = System.nanoTime() - started;
        metrics.searched(request.mode().jsonValue(), Duration.ofNanos(took));
        return new SearchResults(request.mode().jsonValue(), total, request.page(), request.size(), took / 1_000_000, hits,
                facets);
    }
}
