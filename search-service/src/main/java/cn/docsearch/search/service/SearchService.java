package cn.docsearch.search.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.index.IndexManager;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.IndexingFailure;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * Keyword search over IK-analysed fields, built around IK's known pitfalls:
 * <ul>
 * <li>free terms match either the ik_max_word field (searched with ik_smart) or its ik_smart sub-field, because
 * ik_smart tokens are not always among ik_max_word's and a max_word-only match would miss documents;</li>
 * <li>quoted phrases use match_phrase on the ik_smart sub-fields only: ik_max_word's overlapping positions
 * break phrase matching;</li>
 * <li>highlights come from the ik_smart sub-fields, whose offsets never overlap, and fall back to the
 * max_word field only when a match exists there alone.</li>
 * </ul>
 */
@ApplicationScoped
public class SearchService {
    public static final int MAX_SIZE = 100;
    public static final int MAX_QUERY_CHARS = 500;
    private static final int MAX_WINDOW = 10_000;
    private static final int FRAGMENT_CHARS = 120;
    private static final int FRAGMENTS = 3;

    private final ElasticsearchClient client;
    private final IndexManager indexManager;

    public SearchService(ElasticsearchClient client, IndexManager indexManager) {
        this.client = client;
        this.indexManager = indexManager;
    }

    public SearchResults search(String text, int page, int size) throws IOException {
        if (text == null || text.isBlank()) {
            throw new InvalidQueryException("Parameter 'q' is required");
        }
        if (text.length() > MAX_QUERY_CHARS) {
            throw new InvalidQueryException("Parameter 'q' has " + text.length() + " characters; the limit is " + MAX_QUERY_CHARS);
        }
        if (page < 1 || size < 1 || size > MAX_SIZE) {
            throw new InvalidQueryException("'page' must be >= 1 and 'size' between 1 and " + MAX_SIZE);
        }
        if ((long) page * size > MAX_WINDOW) {
            throw new InvalidQueryException("Results beyond the first " + MAX_WINDOW + " cannot be paged to; refine the query");
        }
        UserQuery query = UserQuery.parse(text);
        if (query.isEmpty()) {
            throw new InvalidQueryException("Parameter 'q' has nothing to search for");
        }
        indexManager.ensureIndex();
        SearchResponse<IndexedDocument> response = client.search(s -> s
                .index(indexManager.alias())
                .from((page - 1) * size)
                .size(size)
                .trackTotalHits(t -> t.enabled(true))
                .query(toQuery(query))
                .source(src -> src.filter(f -> f.excludes("body", "headings")))
                .highlight(h -> h
                        .encoder(HighlighterEncoder.Html)
                        .preTags("<em>").postTags("</em>")
                        .requireFieldMatch(false)
                        .fields("title.smart", f -> f.numberOfFragments(0))
                        .fields("title", f -> f.numberOfFragments(0))
                        .fields("body.smart", f -> f.fragmentSize(FRAGMENT_CHARS).numberOfFragments(FRAGMENTS)
                                .noMatchSize(FRAGMENT_CHARS))
                        .fields("body", f -> f.fragmentSize(FRAGMENT_CHARS).numberOfFragments(FRAGMENTS))),
                IndexedDocument.class);
        List<SearchHit> hits = new ArrayList<>();
        for (Hit<IndexedDocument> hit : response.hits().hits()) {
            IndexedDocument document = hit.source();
            Map<String, List<String>> highlight = hit.highlight();
            List<String> titleHighlight = preferMatched(highlight.get("title.smart"), highlight.get("title"));
            hits.add(new SearchHit(hit.id(), document == null ? null : document.title(),
                    hit.score() == null ? 0 : hit.score(),
                    titleHighlight.isEmpty() ? null : titleHighlight.get(0),
                    preferMatched(highlight.get("body.smart"), highlight.get("body")),
                    document == null ? null : document.source(),
                    document == null ? List.of() : document.tags(),
                    document == null ? null : document.documentDate(),
                    document == null ? null : document.fileName(),
                    document == null ? null : document.ingestedAt()));
        }
        long total = response.hits().total() == null ? hits.size() : response.hits().total().value();
        return new SearchResults(total, page, size, response.took(), hits);
    }

    public Optional<IndexedDocument> get(String id) throws IOException {
        indexManager.ensureIndex();
        GetResponse<IndexedDocument> response = client.get(g -> g.index(indexManager.alias()).id(id), IndexedDocument.class);
        return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
    }

    /**
     * The document's latest outcome: the indexed version, or a failure of a later event (a newer version that
     * Elasticsearch refused leaves the older one searchable, and that must not read as success).
     */
    public Optional<IndexingStatus> status(String id) throws IOException {
        indexManager.ensureIndex();
        GetResponse<IndexedDocument> indexed = client.get(g -> g.index(indexManager.alias()).id(id), IndexedDocument.class);
        GetResponse<IndexingFailure> failed = client.get(g -> g.index(indexManager.failuresIndex()).id(id), IndexingFailure.class);
        IndexingFailure failure = failed.found() ? failed.source() : null;
        // the external version of an indexed document is the offset of its event
        boolean failedLater = failure != null && (!indexed.found() || indexed.version() == null || failure.offset() > indexed.version());
        if (failedLater) {
            return Optional.of(new IndexingStatus(id, IndexingStatus.FAILED, failure.version(), null, failure.reason(),
                    failure.failedAt()));
        }
        if (indexed.found() && indexed.source() != null) {
            return Optional.of(new IndexingStatus(id, IndexingStatus.INDEXED, indexed.source().version(),
                    indexed.source().indexedAt(), null, null));
        }
        return Optional.empty();
    }

    static Query toQuery(UserQuery query) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (!query.terms().isEmpty()) {
            bool.must(m -> m.bool(any -> any
                    .should(s -> s.match(t -> t.field("title").query(query.terms()).operator(Operator.And).boost(2f)))
                    .should(s -> s.match(t -> t.field("title.smart").query(query.terms()).operator(Operator.And).boost(2f)))
                    .should(s -> s.match(t -> t.field("headings").query(query.terms()).operator(Operator.And).boost(1.5f)))
                    .should(s -> s.match(t -> t.field("body").query(query.terms()).operator(Operator.And)))
                    .should(s -> s.match(t -> t.field("body.smart").query(query.terms()).operator(Operator.And)))
                    .minimumShouldMatch("1")));
        }
        for (String phrase : query.phrases()) {
            bool.must(m -> m.bool(any -> any
                    .should(s -> s.matchPhrase(p -> p.field("title.smart").query(phrase).boost(2f)))
                    .should(s -> s.matchPhrase(p -> p.field("headings.smart").query(phrase).boost(1.5f)))
                    .should(s -> s.matchPhrase(p -> p.field("body.smart").query(phrase)))
                    .minimumShouldMatch("1")));
        }
        return bool.build()._toQuery();
    }

    /** The ik_smart highlight when it marked something, else the max_word one, else whatever there is. */
    private static List<String> preferMatched(List<String> smart, List<String> maxWord) {
        if (smart != null && smart.stream().anyMatch(f -> f.contains("<em>"))) {
            return smart;
        }
        if (maxWord != null && !maxWord.isEmpty()) {
            return maxWord;
        }
        return smart == null ? List.of() : smart;
    }
}
