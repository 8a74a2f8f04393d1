package cn.docsearch.search.query;

import java.util.List;

import cn.docsearch.search.index.CollectionScope;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;

/**
 * The search requests as sent to Elasticsearch: keyword ({@link KeywordQuery}) and k nearest passages
 * ({@link PassageVectors}), each either for candidates (scores only, for fusion) or for the hits shown (with their
 * metadata, passages and highlights). Public so that a benchmark can send the very same requests straight to
 * Elasticsearch.
 */
public final class SearchRequests {
    /**
     * What a hit shows of its document ({@link SearchHits#toHit}), and no more: the rest of the source (hashes,
     * versions, times, counts) would be written by Elasticsearch and read here for every hit, only to be dropped.
     */
    private static final List<String> HIT_FIELDS = List.of("collection", "title", "source", "tags", "documentDate",
            "fileName", "ingestedAt");
    /** What fusion needs of a keyword candidate besides its score. */
    private static final List<String> CANDIDATE_FIELDS = List.of("embeddedAt");

    private SearchRequests() {
    }

    /** The keyword request for a page of hits with their passages, over every collection. */
    public static SearchRequest keyword(String index, UserQuery query, int from, int size) {
        return keyword(index, query, CollectionScope.ALL, from, size, List.of());
    }

    /**
     * @param shownIds null for candidates (scores, all-terms flag and embeddedAt only); otherwise the hits to show,
     *                 with their passages and highlights (empty: whatever ranks first)
     */
    public static SearchRequest keyword(String index, UserQuery query, CollectionScope scope, int from, int size,
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

    /** The k-nearest-passages request for a page of hits with their passages, over every collection. */
    public static SearchRequest vector(String index, UserQuery query, float[] queryVector, int k, double minSimilarity) {
        return vector(index, query, CollectionScope.ALL, queryVector, k, minSimilarity, List.of());
    }

    /** @param shownIds as for {@link #keyword(String, UserQuery, CollectionScope, int, int, List)} */
    public static SearchRequest vector(String index, UserQuery query, CollectionScope scope, float[] queryVector, int k,
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
}
