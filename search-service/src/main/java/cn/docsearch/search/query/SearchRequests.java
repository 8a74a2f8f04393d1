package cn.docsearch.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import cn.docsearch.search.index.CollectionScope;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * The search requests as sent to Elasticsearch: keyword ({@link KeywordQuery}) and k nearest passages
 * ({@link PassageVectors}), each either for candidates (scores only, for fusion) or for the hits shown (with their
 * metadata, passages and highlights), and the count of a hybrid search's results. Every one is narrowed by the
 * caller's scope and filters inside the query (for vectors: the kNN filter). Public so that a benchmark can send the
 * very same requests straight to Elasticsearch.
 */
public final class SearchRequests {
    /**
     * What a hit shows of its document ({@link SearchHits#toHit}), and no more: the rest of the source (hashes,
     * versions, times, counts) would be written by Elasticsearch and read here for every hit, only to be dropped.
     */
    private static final List<String> HIT_FIELDS = List.of("collection", "title", "source", "tags", "author",
            "documentDate", "contentType", "fileName", "ingestedAt");
    /** Passages {@link #passagesAt} reads of one document: Elasticsearch's default inner hits window. */
    public static final int MAX_PASSAGES_AT = 100;
    /** Read from doc values, not from the source (which holds the whole text), to sort candidates by it. */
    static final String DATE_FIELD = "documentDate";
    /** Read from doc values for the hits shown, to fold near-identical ones ({@link NearDuplicates}). */
    static final String FINGERPRINT_FIELD = "textFingerprint";
    /**
     * Unique per document: the tiebreaker of every keyword sort, and how a candidate names its document (see
     * {@link #idsOnly}).
     */
    static final String ID_FIELD = "id";
    private static final String NO_STORED_FIELDS = "_none_";
    private static final String SHARD_DOC = "_shard_doc";
    /**
     * How long a keyword walk's point in time outlives its last page: a reader has this long to ask for the next one
     * (each page extends it).
     */
    public static final String KEEP_ALIVE = "5m";

    private SearchRequests() {
    }

    /** The keyword request for a page of hits with their passages, over every collection. */
    public static SearchRequest keyword(String index, UserQuery query, int from, int size) {
        return keyword(index, query, CollectionScope.ALL, SearchFilters.NONE, from, size, List.of(), SearchSort.RELEVANCE,
                List.of());
    }

    /**
     * @param shownIds null for candidates (scores and all-terms flag only; their dates too when sorted by
     *                 date); otherwise the hits to show, with their passages and highlights (empty: whatever ranks first,
     *                 in the sort's order)
     * @param facets   the fields to count the whole result set by
     */
    public static SearchRequest keyword(String index, UserQuery query, CollectionScope scope, SearchFilters filters,
                                        int from, int size, List<String> shownIds, SearchSort sort, List<FacetField> facets) {
        return keyword(query, scope, filters, shownIds, sort, facets, s -> s.index(index).from(from).size(size));
    }

    /**
     * The keyword page that follows a hit: the hits ranked after its sort values, in the sort's order, with their
     * passages and highlights.
     *
     * @param pointInTime the point in time to read (kept alive {@link #KEEP_ALIVE} longer), or null for the live index
     * @param after       the sort values of the hit the page follows, as a page's hits carry them ({@link #sortKey});
     *                    empty for the first page
     */
    public static SearchRequest keywordAfter(String index, String pointInTime, UserQuery query, CollectionScope scope,
                                             SearchFilters filters, int size, List<FieldValue> after, SearchSort sort,
                                             List<FacetField> facets) {
        return keyword(query, scope, filters, List.of(), sort, facets, s -> {
            s.size(size);
            if (pointInTime == null) {
                return after.isEmpty() ? s.index(index) : s.index(index).searchAfter(after);
            }
            // named, Elasticsearch adds no tiebreaker of its own to a point in time's sort, whose value a cursor would
            // have to carry; the id decides every tie before it, so the value given for it never matters
            s.pit(p -> p.id(pointInTime).keepAlive(t -> t.time(KEEP_ALIVE)))
                    .sort(o -> o.field(f -> f.field(SHARD_DOC).order(SortOrder.Asc)));
            if (after.isEmpty()) {
                return s;
            }
            List<FieldValue> afterShardDoc = new ArrayList<>(after);
            afterShardDoc.add(FieldValue.of(Long.MAX_VALUE));
            return s.searchAfter(afterShardDoc);
        });
    }

    /** A hit's sort values without the point in time's shard and document (see {@link #keywordAfter}). */
    static List<FieldValue> sortKey(Hit<?> hit, boolean onPointInTime) {
        List<FieldValue> values = hit.sort();
        return onPointInTime ? values.subList(0, values.size() - 1) : values;
    }

    /** @param position where the request reads and how far: index or point in time, from, size, search_after */
    private static SearchRequest keyword(UserQuery query, CollectionScope scope, SearchFilters filters, List<String> shownIds,
                                         SearchSort sort, List<FacetField> facets,
                                         Function<SearchRequest.Builder, SearchRequest.Builder> position) {
        boolean candidates = shownIds == null;
        Query documents = filters.apply(KeywordQuery.documents(query, !candidates), scope);
        return SearchRequest.of(s -> {
            s.trackTotalHits(t -> t.enabled(true))
                    .query(candidates || shownIds.isEmpty() ? documents : restrictedTo(shownIds, documents))
                    .aggregations(Facets.aggregations(facets));
            if (candidates) {
                if (sort.byDate()) {
                    s.docvalueFields(f -> f.field(DATE_FIELD));
                }
                return position.apply(idsOnly(s));
            }
            // every tie is broken by the id, so that pages by number and by cursor neither repeat nor skip a hit; the
            // score is still each hit's own when sorted by date
            s.trackScores(true);
            if (sort.byDate()) {
                s.sort(o -> o.field(f -> f.field(DATE_FIELD).order(sort == SearchSort.NEWEST ? SortOrder.Desc : SortOrder.Asc)
                        .missing("_last")));
            }
            s.sort(o -> o.score(c -> c.order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field(ID_FIELD).order(SortOrder.Asc)));
            return position.apply(s.source(src -> src.filter(f -> f.includes(HIT_FIELDS)))
                    .docvalueFields(f -> f.field(FINGERPRINT_FIELD))
                    .highlight(h -> h
                            .encoder(HighlighterEncoder.Html)
                            .preTags("<em>").postTags("</em>")
                            .requireFieldMatch(false)
                            .fields("title.smart", f -> f.numberOfFragments(0))
                            .fields("title", f -> f.numberOfFragments(0))));
        });
    }

    /** The k-nearest-passages request for a page of hits with their nearest passages' positions, over every collection. */
    public static SearchRequest vector(String vectorsIndex, float[] queryVector, int k, double minSimilarity) {
        return vector(vectorsIndex, CollectionScope.ALL, SearchFilters.NONE, null, queryVector, k, k, minSimilarity,
                List.of(), SearchSort.RELEVANCE, List.of());
    }

    /**
     * A request of the vectors index, which holds each document's passage vectors and the fields filters and facets
     * read, but no text.
     *
     * @param admitted the documents a query's hard constraints admit ({@link #admitted}), or null when it has none
     * @param k        the candidates: the k documents whose passages are nearest (above the similarity floor) among
     *                 those the scope and filters admit; the total and the facets count them
     * @param size     how many of them come back, nearest first
     * @param shownIds null for candidates (scores only; their dates too when sorted by date); otherwise the hits to
     *                 show (empty: whatever ranks first), with the positions of their nearest passages, whose text
     *                 {@link #passagesAt} reads
     */
    public static SearchRequest vector(String vectorsIndex, CollectionScope scope, SearchFilters filters, List<String> admitted,
                                       float[] queryVector, int k, int size, double minSimilarity, List<String> shownIds,
                                       SearchSort sort, List<FacetField> facets) {
        boolean candidates = shownIds == null;
        Query all = admitted == null ? Query.of(q -> q.matchAll(m -> m)) : Query.of(q -> q.ids(i -> i.values(admitted)));
        Query constraints = filters.apply(all, scope);
        return SearchRequest.of(s -> {
            s.index(vectorsIndex).size(size)
                    .knn(PassageVectors.nearestPassages(queryVector, k,
                            candidates || shownIds.isEmpty() ? constraints : restrictedTo(shownIds, constraints),
                            (float) minSimilarity, !candidates))
                    .aggregations(Facets.aggregations(facets));
            if (candidates && sort.byDate()) {
                s.docvalueFields(f -> f.field(DATE_FIELD));
            }
            // a shown hit's version tells whether its vectors are those of the document version read with its text
            return idsOnly(s).version(!candidates);
        });
    }

    /**
     * The documents a query's hard constraints (phrases, OR groups, exclusions) admit within the scope and filters, at
     * most {@code max} of them: a search by meaning is narrowed to them inside its kNN, since the vectors index holds
     * no text to match them on. The total tells whether there were more.
     */
    public static SearchRequest admitted(String index, UserQuery query, CollectionScope scope, SearchFilters filters, int max) {
        return SearchRequest.of(s -> idsOnly(s).index(index).size(max).trackTotalHits(t -> t.enabled(true))
                .query(filters.apply(Query.of(q -> q.constantScore(c -> c.filter(KeywordQuery.constraints(query)))), scope)));
    }

    /**
     * Which of these candidates of a search by meaning its hard constraints admit, counted by the facets: for
     * constraints that admit too many documents to narrow the kNN to them.
     */
    public static SearchRequest admittedAmong(String index, UserQuery query, List<String> candidateIds,
                                              List<FacetField> facets) {
        return SearchRequest.of(s -> idsOnly(s).index(index).size(candidateIds.size()).trackTotalHits(t -> t.enabled(true))
                .query(restrictedTo(candidateIds, Query.of(q -> q.constantScore(c -> c.filter(KeywordQuery.constraints(query))))))
                .aggregations(Facets.aggregations(facets)));
    }

    /** Which of these documents have their passage vectors in (a document's vectors go when a new version comes). */
    public static SearchRequest embeddedAmong(String vectorsIndex, List<String> ids) {
        return SearchRequest.of(s -> idsOnly(s).index(vectorsIndex).size(ids.size()).query(q -> q.ids(i -> i.values(ids))));
    }

    /**
     * One document a search by meaning shows, as hits show it, with the text of its passages at the given positions
     * (at most {@link #MAX_PASSAGES_AT}), highlighted with the query's words (escaped when null): one search per
     * document of a multi-search, since Elasticsearch would compute every document's inner hits for every hit of a
     * single request. The hit carries its version, to tell the version whose vectors were found.
     */
    public static MultisearchBody passagesAt(UserQuery highlightedWords, String id, List<Integer> positions) {
        if (positions.size() > MAX_PASSAGES_AT) {
            throw new IllegalArgumentException(positions.size() + " passages asked of one document; at most " + MAX_PASSAGES_AT);
        }
        List<FieldValue> wanted = positions.stream().map(FieldValue::of).toList();
        return MultisearchBody.of(b -> b.size(1).version(true)
                .query(q -> q.bool(bool -> bool.filter(f -> f.ids(i -> i.values(id)))
                        .should(n -> n.nested(nested -> nested.path(KeywordQuery.PASSAGES)
                                .query(t -> t.terms(terms -> terms.field(KeywordQuery.PASSAGES + ".position")
                                        .terms(v -> v.value(wanted))))
                                .innerHits(KeywordQuery.passageHits(highlightedWords, positions.size()))))))
                .source(src -> src.filter(f -> f.includes(HIT_FIELDS)))
                .docvalueFields(f -> f.field(FINGERPRINT_FIELD)));
    }

    /**
     * What a hybrid search draws its results from, counted: every document the keyword query matches and the vector
     * candidates, with the facets of that union.
     */
    public static SearchRequest union(String index, UserQuery query, CollectionScope scope, SearchFilters filters,
                                      List<String> vectorIds, List<FacetField> facets) {
        Query either = Query.of(q -> q.bool(b -> b.should(KeywordQuery.documents(query, false))
                .should(s -> s.ids(i -> i.values(vectorIds))).minimumShouldMatch("1")));
        return SearchRequest.of(s -> s.index(index).size(0).trackTotalHits(t -> t.enabled(true))
                .query(filters.apply(either, scope))
                .aggregations(Facets.aggregations(facets)));
    }

    /**
     * Hits named by their {@value #ID_FIELD} doc value ({@link SearchHits#id}), with neither source nor stored fields.
     * A hit's {@code _id} is a stored field, and reading it decompresses the stored block that holds the whole source
     * (the text with its passages, or every passage's vector): for 1,000 candidates that was most of a search's cost
     * (measured on 7,000 documents: 151 ms of Elasticsearch's CPU for the ids of 1,000 vector documents, 9 ms this way).
     */
    public static SearchRequest.Builder idsOnly(SearchRequest.Builder search) {
        return search.storedFields(NO_STORED_FIELDS).docvalueFields(f -> f.field(ID_FIELD));
    }

    /** As {@link #idsOnly(SearchRequest.Builder)}, for a search of a multi-search. */
    public static MultisearchBody.Builder idsOnly(MultisearchBody.Builder search) {
        return search.storedFields(NO_STORED_FIELDS).docvalueFields(f -> f.field(ID_FIELD));
    }

    private static Query restrictedTo(List<String> ids, Query query) {
        return Query.of(q -> q.bool(b -> b.filter(f -> f.ids(i -> i.values(ids))).must(query)));
    }
}
