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
import co.elastic.clients.json.JsonData;

/**
 * The embedding stage's backlog as users see it, read from the live index, so it covers every instance: documents
 * searchable by words but not yet by meaning, and an estimate of the wait from how many documents were embedded in
 * the last {@link #RATE_WINDOW}. The stage works through the topic in order, so a document waits for those indexed
 * before it.
 */
@ApplicationScoped
public class EmbeddingBacklog {
    static final Duration RATE_WINDOW = Duration.ofMinutes(5);
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
        Instant since = clock.instant().minus(RATE_WINDOW);
        long embeddedLately = count(searchIndex.vectorsAlias(),
                Query.of(q -> q.range(r -> r.untyped(u -> u.field("embeddedAt").gte(JsonData.of(since.toString()))))));
        Long seconds = documents == 0 ? Long.valueOf(0)
                : embeddedLately == 0 ? null : (long) Math.ceil(documents * (double) RATE_WINDOW.toSeconds() / embeddedLately);
        return new EmbeddingQueue(documents, seconds);
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
