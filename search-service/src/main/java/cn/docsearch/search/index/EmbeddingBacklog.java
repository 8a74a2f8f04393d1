package cn.docsearch.search.index;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;


import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;

/**
 * The embedding stage's backlog as users see it, read from the live index, so it covers every instance: documents
 * searchable by words but not yet by meaning, and an estimate of the wait from how many documents were embedded in
 * the last {@link #RATE_WINDOW}, as far as the index's refreshed view shows them. The stage works through the topic in
 * order, so a document waits for those indexed before it.
 */
@ApplicationScoped
public class EmbeddingBacklog {
    static final Duration RATE_WINDOW = Duration.ofMinutes(5);
    /**
     * How far behind the vectors index's refreshed view can be during a backlog: its own refresh interval
     * (elasticsearch/vectors-index.json).
     */
    static final Duration VIEW_LAG = Duration.ofMinutes(2);
    private static final String LAST_EMBEDDED = "lastEmbedded";
    /** How long a scope's count is reused by searches: one count query per scope and interval, not per search. */
    private static final Duration SEARCH_COUNT_REUSE = Duration.ofSeconds(5);

    private final SearchIndex searchIndex;
    private final Clock clock = Clock.systemUTC();
    private final Map<CollectionScope, Counted> countedForSearches = new ConcurrentHashMap<>();
    private static final Query ALL = Query.of(q -> q.matchAll(m -> m));

    /**
     * @param documents        documents waiting (before the one asked about, or all of the scope's)
     * @param estimatedSeconds at the recent rate; null while nothing was embedded lately to tell it
     */
    public record EmbeddingQueue(long documents, Long estimatedSeconds) {
    }

    private record Counted(long documents, Instant at) {
    }

    public EmbeddingBacklog(SearchIndex searchIndex) {
        this.searchIndex = searchIndex;
    }

    /** The scope's documents waiting for their vectors, with the time the stage should take for all of them. */
    public EmbeddingQueue of(CollectionScope scope) throws IOException {
        return estimate(waiting(scope.restrict(ALL)));
    }

    /** Documents of any collection indexed before this one and waiting too (the stage is shared by all of them). */
    public EmbeddingQueue ahead(Instant indexedAt) throws IOException {
        return estimate(waiting(Query.of(q -> q.range(r -> r.untyped(u -> u.field("indexedAt")
                .lt(JsonData.of(indexedAt.toString())))))));
    }

    /** The scope's waiting documents for a search to mention, counted at most every few seconds. */
    public long forSearches(CollectionScope scope) throws IOException {
        Instant now = clock.instant();
        Counted counted = countedForSearches.get(scope);
        if (counted == null || counted.at().plus(SEARCH_COUNT_REUSE).isBefore(now)) {
            counted = new Counted(waiting(scope.restrict(ALL)), now);
            countedForSearches.put(scope, counted);
        }
        return counted.documents();
    }

    private EmbeddingQueue estimate(long documents) throws IOException {
        if (documents == 0) {
            return new EmbeddingQueue(0, 0L);
        }
        Instant now = clock.instant();
        Instant since = now.minus(RATE_WINDOW);
        SearchResponse<Void> lately = searchIndex.search(SearchRequest.of(s -> s.index(searchIndex.vectorsAlias()).size(0)
                .trackTotalHits(t -> t.enabled(true))
                .query(q -> q.range(r -> r.untyped(u -> u.field("embeddedAt").gte(JsonData.of(since.toString())))))
                .aggregations(LAST_EMBEDDED, a -> a.max(m -> m.field("embeddedAt")))), Void.class);
        long embedded = lately.hits().total() == null ? 0 : lately.hits().total().value();
        if (embedded == 0) {
            return new EmbeddingQueue(documents, null);
        }
        Instant last = Instant.ofEpochMilli((long) lately.aggregations().get(LAST_EMBEDDED).max().value());
        return new EmbeddingQueue(documents, secondsToEmbed(documents, embedded, viewedSpan(since, last, now)));
    }

    /**
     * The time in which the refreshed view's documents of the window were embedded: from the window's start to the
     * last of them, since what was embedded after the view's last refresh is not in it; but at least up to the oldest
     * that refresh can be, since a last document older than that means the stage embedded nothing after it. A stage
     * caught up and idle for longer is taken for faster than it was (by up to 5/3): nothing waits for it then, unless
     * it yields to keyword indexing.
     */
    static Duration viewedSpan(Instant since, Instant lastEmbedded, Instant now) {
        Instant refreshedBy = now.minus(VIEW_LAG);
        return Duration.between(since, lastEmbedded.isAfter(refreshedBy) ? lastEmbedded : refreshedBy);
    }

    static long secondsToEmbed(long documents, long embedded, Duration span) {
        return (long) Math.ceil(documents * (span.toMillis() / 1000.0) / embedded);
    }

    /**
     * Documents the query matches that are searchable by words, less those with vectors: both indexes keep one
     * document per id, and vectors stay only beside the version they were computed for (or an older one, until the
     * new version's are in, which this count takes as embedded).
     */
    private long waiting(Query query) throws IOException {
        return Math.max(0, count(searchIndex.alias(), query) - count(searchIndex.vectorsAlias(), query));
    }

    private long count(String index, Query query) throws IOException {
        var response = searchIndex.search(SearchRequest.of(s -> s.index(index).size(0)
                .trackTotalHits(t -> t.enabled(true)).query(query)), Void.class);
        return response.hits().total() == null ? 0 : response.hits().total().value();
    }
}
