package cn.docsearch.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.IndexedDocument;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;

/**
 * What the requests ask Elasticsearch to read back: candidates (up to 1,000 or 10,000 hits) their ids from doc values
 * only, since reading a hit's stored _id decompresses its whole source; the hits shown their fields.
 */
class SearchRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UserQuery QUERY = UserQuery.parse("乡村振兴 \"高质量发展\"");
    private static final float[] VECTOR = new float[] {0.6f, 0.8f};

    @Test
    void candidatesAreReadWithoutStoredFieldsByTheirIdDocValue() throws Exception {
        List<SearchRequest> candidates = List.of(
                SearchRequests.keyword("documents", QUERY, CollectionScope.ALL, SearchFilters.NONE, 0, 1000, null,
                        SearchSort.RELEVANCE, List.of()),
                SearchRequests.vector("documents-vectors", CollectionScope.ALL, SearchFilters.NONE, null, VECTOR, 1000, 1000,
                        0.45, null, SearchSort.RELEVANCE, List.of()),
                SearchRequests.admitted("documents", QUERY, CollectionScope.ALL, SearchFilters.NONE, 10_000),
                SearchRequests.admittedAmong("documents", QUERY, List.of("a", "b"), List.of()),
                SearchRequests.embeddedAmong("documents-vectors", List.of("a", "b")));
        for (SearchRequest request : candidates) {
            JsonNode body = json(request);
            assertThat(body.path("stored_fields").toString()).as(body.toString()).contains("_none_");
            assertThat(body.path("docvalue_fields").toString()).as(body.toString()).contains("\"field\":\"id\"");
            assertThat(body.has("_source")).as(body.toString()).isFalse();
        }
    }

    @Test
    void theHitsShownKeepTheirFields() throws Exception {
        JsonNode shown = json(SearchRequests.keyword("documents", QUERY, CollectionScope.ALL, SearchFilters.NONE, 0, 10,
                List.of("a"), SearchSort.RELEVANCE, List.of()));

        assertThat(shown.has("stored_fields")).isFalse();
        assertThat(shown.path("_source").path("includes").toString()).contains("title");
    }

    @Test
    void theNearestPassagesAreUnfilteredWhenEveryDocumentIsAdmitted() throws Exception {
        JsonNode all = json(SearchRequests.vector("documents-vectors", CollectionScope.ALL, SearchFilters.NONE, null, VECTOR,
                10, 10, 0.45, List.of(), SearchSort.RELEVANCE, List.of()));
        JsonNode tagged = json(SearchRequests.vector("documents-vectors", CollectionScope.ALL,
                SearchFilters.of(List.of("报告"), List.of(), List.of(), List.of(), List.of(), null, null, null, null), null,
                VECTOR, 10, 10, 0.45, null, SearchSort.RELEVANCE, List.of()));

        assertThat(knn(all).has("filter")).isFalse();
        assertThat(knn(tagged).path("filter").toString()).contains("报告");
    }

    @Test
    void theNearestPassagesPositionsComeFromDocValues() throws Exception {
        JsonNode withPassages = json(SearchRequests.vector("documents-vectors", CollectionScope.ALL, SearchFilters.NONE, null,
                VECTOR, 10, 10, 0.45, List.of("a"), SearchSort.RELEVANCE, List.of()));

        JsonNode innerHits = knn(withPassages).path("inner_hits");
        assertThat(innerHits.path("docvalue_fields").toString()).contains("passages.position");
        assertThat(innerHits.path("_source").asBoolean(true)).isFalse();
    }

    @Test
    void aHitIsNamedByItsIdOrElseByItsIdDocValue() {
        Hit<IndexedDocument> stored = Hit.of(h -> h.index("documents").id("doc-1"));
        Hit<IndexedDocument> candidate = Hit.of(h -> h.index("documents")
                .fields(Map.of("id", JsonData.fromJson("[\"doc-2\"]"))));

        assertThat(SearchHits.id(stored)).isEqualTo("doc-1");
        assertThat(SearchHits.id(candidate)).isEqualTo("doc-2");
    }

    @Test
    void aHitsNearestPassagesAreReadFromTheirPositionDocValues() {
        Hit<JsonData> passage = Hit.of(p -> p.index("documents-vectors").score(0.9)
                .fields(Map.of("passages.position", JsonData.fromJson("[3]"))));
        Hit<IndexedDocument> hit = Hit.of(h -> h.index("documents-vectors")
                .fields(Map.of("id", JsonData.fromJson("[\"doc-1\"]")))
                .innerHits("passages", inner -> inner.hits(hits -> hits.hits(List.of(passage)))));

        assertThat(PassageVectors.positions(hit)).containsExactly(Map.entry(3, 0.9));
    }

    /** The request's one kNN search (a list of one in the request's JSON). */
    private static JsonNode knn(JsonNode body) {
        return body.path("knn").isArray() ? body.path("knn").path(0) : body.path("knn");
    }

    private static JsonNode json(SearchRequest request) throws Exception {
        return JSON.readTree(JsonpUtils.toJsonString(request, new JacksonJsonpMapper()));
    }
}
