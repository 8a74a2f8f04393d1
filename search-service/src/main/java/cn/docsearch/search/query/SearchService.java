package cn.docsearch.search.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.EmbeddingBacklog;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.SearchIndex;
import cn.docsearch.search.metrics.SearchMetrics;
import cn.docsearch.search.query.SearchHits.Ranking;
import cn.docsearch.search.scheduling.SearchesInFlight;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * Answers a query by words ({@link KeywordQuery}), by meaning or by both ({@link RankedSearch}), a page at a time or
 * exported whole, each on the thread it belongs on. Every hit carries the passages that answer it. A page that has
 * more after it carries a {@link SearchCursor} to the next one: keyword pages walk every match on a point in time
 * (search_after, no depth limit), semantic and hybrid pages walk their one ranking by rank.
 */
@ApplicationScoped
public class SearchService {
    /** Results per request of an export: a bounded share of memory, whatever the export's size. */
    static final int EXPORT_CHUNK = 200;

    private final Duration deadline;
    private final SearchIndex searchIndex;
    private final RankedSearch rankedSearch;
    private final SearchMetrics metrics;
    private final EmbeddingBacklog backlog;
    private final SearchesInFlight searchesInFlight;

    public SearchService(SearchConfig config, SearchIndex searchIndex, RankedSearch rankedSearch, SearchMetrics metrics,
                         EmbeddingBacklog backlog, SearchesInFlight searchesInFlight) {
        this.deadline = config.deadline();
        this.searchIndex = searchIndex;
        this.rankedSearch = rankedSearch;
        this.metrics = metrics;
        this.backlog = backlog;
        this.searchesInFlight = searchesInFlight;
    }

    /**
     * @param scope the caller's collections: nothing outside them is returned or counted
     * @return a keyword search is answered on the calling event loop, without blocking it (the query's requests go
     *         out and come back on that loop); semantic and hybrid searches embed the query and make several requests,
     *         on a worker thread
     * @throws InvalidCursorException when the request's cursor is not one of this search's
     */
    public Uni<SearchResults> search(SearchPage request, CollectionScope scope) {
        long started = System.nanoTime();
        String fingerprint = SearchCursor.fingerprint(request, scope);
        SearchCursor cursor = request.cursor() == null ? null : SearchCursor.decode(request.cursor(), fingerprint);
        int from = cursor == null ? request.from() : cursor.offset();
        Uni<SearchResults> results = request.mode() == SearchMode.KEYWORD
                ? keywordResults(request, scope, cursor, from, fingerprint, started)
                : rankedResults(request, scope, from, fingerprint, started);
        // however many requests the search takes, its caller hears from it before the gateway gives up on it
        Uni<SearchResults> inTime = results.ifNoItem().after(deadline)
                .failWith(() -> new SearchDeadlineExceededException(deadline));
        // while it runs, passage embedding and the keyword stage's writes step aside
        return Uni.createFrom().deferred(() -> {
            SearchesInFlight.Search search = searchesInFlight.begin();
            return inTime.onTermination().invoke(search::end);
        });
    }

    private Uni<SearchResults> rankedResults(SearchPage request, CollectionScope scope, int from, String fingerprint,
                                             long started) {
        return indexReady().chain(() -> onWorker(() -> {
            RankedSearch.FusedRanking ranking = rankedSearch.rankInTime(request, scope);
            int end = from + request.size();
            String next = end < ranking.ranked().size() ? SearchCursor.ranked(fingerprint, end).encode() : null;
            return results(request, from, ranking.total(), rankedSearch.hits(ranking, from, request.size()),
                    ranking.facets(), next, started).withAwaitingEmbedding(backlog.forSearches(scope));
        })).onFailure(VectorSideUnavailableException.class).recoverWithUni(() -> {
            // words can still answer: the same page of the keyword side, said to be degraded; no cursor, since the
            // next page may well have its vector side and rank otherwise
            metrics.degraded(request.mode().jsonValue(), "semantic");
            return keywordResults(request, scope, null, from, fingerprint, started)
                    .map(results -> results.degraded(List.of("semantic")));
        });
    }

    /** A keyword page: by number, or after the cursor's sort values on its point in time. */
    private Uni<SearchResults> keywordResults(SearchPage request, CollectionScope scope, SearchCursor cursor, int from,
                                              String fingerprint, long started) {
        Uni<KeywordPage> page = cursor == null
                ? keywordPage(request, scope, null, List.of(), from, request.size())
                : pointInTime(cursor).chain(pointInTime -> keywordPage(request, scope, pointInTime,
                        cursor.afterValues(), from, request.size())).onFailure().transform(SearchService::cursorFailure);
        return indexReady().chain(() -> page).map(keyword -> {
            String next = null;
            if (keyword.hasNext(request.size())) {
                next = SearchCursor.keyword(fingerprint, from + keyword.read(), keyword.pointInTime(),
                        keyword.lastSortKey()).encode();
            } else if (keyword.pointInTime() != null) {
                searchIndex.closePointInTimeAsync(keyword.pointInTime());
            }
            return results(request, from, keyword.total(), keyword.hits(), keyword.facets(), next, started);
        });
    }

    /**
     * Every result of the search, in its order, fetched {@value #EXPORT_CHUNK} at a time as the caller reads them:
     * in keyword mode every match (one point in time for the whole walk, closed at its end, or when the caller goes
     * away), in semantic and hybrid mode their ranking. The request's page, size and cursor play no part.
     */
    public Multi<ExportedHit> export(SearchPage request, CollectionScope scope) {
        Multi<List<ExportedHit>> chunks = request.mode() == SearchMode.KEYWORD
                ? keywordExport(request, scope) : rankedExport(request, scope);
        return indexReady().onItem().transformToMulti(ready -> chunks)
                .onItem().transformToIterable(chunk -> chunk);
    }

    private Multi<List<ExportedHit>> keywordExport(SearchPage request, CollectionScope scope) {
        return Uni.createFrom().completionStage(() -> searchIndex.openPointInTimeAsync(SearchRequests.KEEP_ALIVE))
                .onItem().transformToMulti(opened -> {
                    KeywordWalk walk = new KeywordWalk(opened);
                    return Multi.createBy().repeating()
                            .uni(() -> keywordPage(request, scope, walk.pointInTime, walk.after, walk.exported,
                                    EXPORT_CHUNK).map(walk::advance))
                            .whilst(lines -> lines.size() == EXPORT_CHUNK)
                            .onTermination().invoke(() -> searchIndex.closePointInTimeAsync(walk.pointInTime));
                });
    }

    /** Where a keyword export is: its point in time (whose id may change from page to page) and its last hit. */
    private static final class KeywordWalk {
        private String pointInTime;
        private List<FieldValue> after = List.of();
        private int exported;

        private KeywordWalk(String pointInTime) {
            this.pointInTime = pointInTime;
        }

        private List<ExportedHit> advance(KeywordPage page) {
            pointInTime = page.pointInTime();
            if (!page.hits().isEmpty()) {
                after = page.lastSortKey();
            }
            List<ExportedHit> lines = new ArrayList<>();
            for (SearchHit hit : page.hits()) {
                lines.add(ExportedHit.of(hit, ++exported));
            }
            return lines;
        }
    }

    private Multi<List<ExportedHit>> rankedExport(SearchPage request, CollectionScope scope) {
        return onWorker(() -> rankedSearch.rank(request, scope)).onItem().transformToMulti(ranking -> {
            int chunks = (ranking.ranked().size() + EXPORT_CHUNK - 1) / EXPORT_CHUNK;
            return Multi.createFrom().range(0, chunks).onItem().transformToUniAndConcatenate(chunk -> onWorker(() -> {
                int from = chunk * EXPORT_CHUNK;
                List<SearchHit> hits = rankedSearch.hits(ranking, from, EXPORT_CHUNK);
                List<ExportedHit> lines = new ArrayList<>();
                for (int i = 0; i < hits.size(); i++) {
                    lines.add(ExportedHit.of(hits.get(i), from + i + 1));
                }
                return lines;
            }));
        });
    }

    /**
     * A keyword page: its hits, how many match, their facets, and where it read (null: the live index); {@code read}
     * counts the results it read, near-identical ones folded into others included.
     */
    private record KeywordPage(List<SearchHit> hits, int read, List<FieldValue> lastSortKey, long total,
                               Map<String, List<FacetCount>> facets, String pointInTime, int from) {
        boolean hasNext(int size) {
            return read == size && from + read < total;
        }
    }

    /**
     * The keyword page that starts at rank {@code from}: by number on the live index (no point in time), or after
     * the given sort values on a point in time (none: its first page).
     */
    private Uni<KeywordPage> keywordPage(SearchPage request, CollectionScope scope, String pointInTime,
                                         List<FieldValue> after, int from, int size) {
        return Uni.createFrom().completionStage(() -> searchIndex.searchAsync(pointInTime == null
                        ? SearchRequests.keyword(searchIndex.alias(), request.query(), scope, request.filters(), from,
                                size, List.of(), request.sort(), request.facets())
                        : SearchRequests.keywordAfter(searchIndex.alias(), pointInTime, request.query(), scope,
                                request.filters(), size, after, request.sort(), request.facets())))
                .map(response -> keywordPage(response, request, from, pointInTime != null));
    }

    private static KeywordPage keywordPage(SearchResponse<IndexedDocument> response, SearchPage request, int from,
                                           boolean onPointInTime) {
        Ranking keyword = Ranking.of(response);
        List<SearchHit> hits = new ArrayList<>();
        Map<String, Long> fingerprints = new HashMap<>();
        for (int i = 0; i < keyword.hits().size(); i++) {
            Hit<IndexedDocument> hit = keyword.hits().get(i);
            double score = SearchHits.score(hit);
            // sorted by date, a hit's keyword rank is its place by relevance, which this page does not know
            Integer rank = request.sort().byDate() ? null : from + i + 1;
            HitExplanation explanation = new HitExplanation(rank, score, SearchHits.allTerms(hit),
                    null, null, 1, score);
            hits.add(SearchHits.toHit(hit, SearchHits.passages(hit), List.of(), score,
                    request.explain() ? explanation : null, request, false));
            fingerprints.put(hit.id(), SearchHits.fingerprint(hit));
        }
        List<FieldValue> lastSortKey = keyword.hits().isEmpty() ? List.of()
                : SearchRequests.sortKey(keyword.hits().get(keyword.hits().size() - 1), onPointInTime);
        return new KeywordPage(request.fold() ? NearDuplicates.fold(hits, fingerprints) : hits, hits.size(), lastSortKey,
                keyword.total(), keyword.facets(request.facets()),
                onPointInTime ? response.pitId() : null, from);
    }

    /** The cursor's point in time, or a new one when the cursor comes from a first page (read on the live index). */
    private Uni<String> pointInTime(SearchCursor cursor) {
        return cursor.pointInTime() != null ? Uni.createFrom().item(cursor.pointInTime())
                : Uni.createFrom().completionStage(() -> searchIndex.openPointInTimeAsync(SearchRequests.KEEP_ALIVE));
    }

    /**
     * What Elasticsearch's refusal of a cursor's page means: a point in time it does not know (any more) has expired;
     * a point in time or sort values it cannot read were not written by this service.
     */
    private static Throwable cursorFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ElasticsearchException refused) {
            if (refused.status() == 404) {
                return new CursorExpiredException("The cursor's point in time has expired: it was not followed within "
                        + SearchRequests.KEEP_ALIVE + " of the previous page, or the index was rebuilt since; start "
                        + "again from the first page");
            }
            if (refused.status() == 400) {
                return new InvalidCursorException("The cursor is malformed; pass the 'next' of the previous page as it is");
            }
        }
        return cause;
    }

    /** Only the first search of an instance may have to create the index, which blocks. */
    private Uni<Void> indexReady() {
        return searchIndex.isReady() ? Uni.createFrom().voidItem() : onWorker(() -> {
            searchIndex.ensureIndex();
            return null;
        });
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

    private SearchResults results(SearchPage request, int from, long total, List<SearchHit> hits,
                                  Map<String, List<FacetCount>> facets, String next, long started) {
        long took = System.nanoTime() - started;
        metrics.searched(request.mode().jsonValue(), Duration.ofNanos(took));
        return new SearchResults(request.mode().jsonValue(), total, from / request.size() + 1, request.size(),
                took / 1_000_000, hits, facets, next, null, List.of(), null);
    }
}
