package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.search.InfrastructureTestResource;
import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.SearchIndex;
import cn.docsearch.search.query.SearchCursor;
import cn.docsearch.search.query.SearchFilters;
import cn.docsearch.search.query.SearchPage;
import cn.docsearch.search.query.SearchSort;
import cn.docsearch.search.support.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

/**
 * Deep paging on the real node and model: 2,500 documents of a collection of their own that all match one query,
 * walked by cursor to the end in keyword mode (each exactly once, as many as the total, in one order), through the
 * ranking of semantic and hybrid mode (at least 1,000, none twice), pages by number and by cursor alike, cursors of
 * other searches and expired ones refused, and the export giving the walk's documents in the walk's order.
 */
@QuarkusTest
@WithTestResource(InfrastructureTestResource.class)
class SearchCursorIT {
    private static final String COLLECTION = "cursor-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int DOCUMENTS = 2_500;
    private static final String QUERY = "档案数字化";
    private static final List<String> published = new ArrayList<>();

    @Inject
    ObjectMapper objectMapper;
    @Inject
    ElasticsearchClient elasticsearch;
    @Inject
    SearchIndex searchIndex;

    @BeforeEach
    void corpus() throws Exception {
        if (!published.isEmpty()) {
            return;
        }
        try (TopicWriter topic = new TopicWriter(objectMapper)) {
            for (int i = 0; i < DOCUMENTS; i++) {
                String id = UUID.randomUUID().toString();
                // scores vary a little and tie a lot: the walk must break ties the same way on every page
                topic.publishQuietly(id, COLLECTION, "档案工作简报第" + (i + 1) + "期",
                        "推进档案数字化，第" + (i + 1) + "个档案室完成扫描著录。" + "档案数字化质量抽检合格。".repeat(i % 3));
                published.add(id);
            }
            topic.flush();
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(search("keyword").queryParam("size", 1).get("/search").<Integer>path("total"))
                        .isEqualTo(DOCUMENTS));
        // a walk by meaning is stable once the ranking no longer changes: every document embedded, and refreshed
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(given().queryParam(CollectionNames.SCOPE_PARAMETER, COLLECTION).get("/admin/index/stats")
                        .<Integer>path("collections.find { it.collection == '" + COLLECTION + "' }.embedded"))
                        .isEqualTo(DOCUMENTS));
        // one segment each: vectors are quantised per segment, and a merge in the middle of a walk would move the
        // ranking by meaning under it (a walk is stable while the index does not change); the vectors are in the
        // vectors index
        elasticsearch.indices().forcemerge(f -> f.index(searchIndex.alias(), searchIndex.vectorsAlias())
                .maxNumSegments(1L));
        elasticsearch.indices().refresh(r -> r.index(searchIndex.alias(), searchIndex.vectorsAlias()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(search("semantic").queryParam("size", 1).get("/search").<Integer>path("total"))
                        .isEqualTo(SearchPage.RANKED_WINDOW));
    }

    /** The documents differ by a number only: near-identical, each page would fold them, so folding is off. */
    private static RequestSpecification search(String mode) {
        return given().queryParam("q", QUERY).queryParam("mode", mode).queryParam("fold", false)
                .queryParam(CollectionNames.SCOPE_PARAMETER, COLLECTION);
    }

    /** Follows next from the first page to the last, checking that total holds still; the ids in walk order. */
    private static List<String> walk(String mode, int size) {
        List<String> walked = new ArrayList<>();
        Response page = search(mode).queryParam("size", size).get("/search");
        long total = page.then().statusCode(200).extract().<Number>path("total").longValue();
        while (true) {
            assertThat(page.<Number>path("total").longValue()).as(mode + " total on page " + walked.size() / size)
                    .isEqualTo(total);
            walked.addAll(page.path("hits.id"));
            String next = page.path("next");
            if (next == null) {
                return walked;
            }
            assertThat(next).matches("[A-Za-z0-9_-]+");
            page = search(mode).queryParam("size", size).queryParam("cursor", next).get("/search");
            page.then().statusCode(200);
        }
    }

    @Test
    void aKeywordCursorWalksEveryMatchExactlyOnceInOneOrder() {
        List<String> walked = walk("keyword", 100);

        assertThat(walked).hasSize(DOCUMENTS).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(published);
        assertThat(walk("keyword", 100)).as("a second walk").isEqualTo(walked);
        // by relevance: the scores never rise along the walk
        List<Float> scores = new ArrayList<>();
        Response page = search("keyword").queryParam("size", 100).get("/search");
        while (page.path("next") != null) {
            scores.addAll(page.path("hits.score"));
            page = search("keyword").queryParam("size", 100).queryParam("cursor", page.<String>path("next")).get("/search");
        }
        for (int i = 1; i < scores.size(); i++) {
            assertThat(scores.get(i)).as("score " + i).isLessThanOrEqualTo(scores.get(i - 1));
        }
    }

    @Test
    void aKeywordCursorSortedByDateWalksEveryMatchToo() {
        List<String> walked = new ArrayList<>();
        Response page = search("keyword").queryParam("size", 100).queryParam("sort", "-date").get("/search");
        while (true) {
            walked.addAll(page.then().statusCode(200).extract().path("hits.id"));
            if (page.path("next") == null) {
                break;
            }
            page = search("keyword").queryParam("size", 100).queryParam("sort", "-date")
                    .queryParam("cursor", page.<String>path("next")).get("/search");
        }
        assertThat(walked).hasSize(DOCUMENTS).doesNotHaveDuplicates();
    }

    @Test
    void semanticAndHybridCursorsWalkTheirWholeRankingWithoutRepeating() {
        for (String mode : List.of("semantic", "hybrid")) {
            List<String> walked = walk(mode, 100);
            assertThat(walked).as(mode).hasSizeGreaterThanOrEqualTo(SearchPage.RANKED_WINDOW).doesNotHaveDuplicates();
            assertThat(published).as(mode).containsAll(walked);
        }
    }

    @Test
    void pageTwoSharesNoDocumentWithPageOneAndIsThePageTheCursorGives() {
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            Response first = search(mode).queryParam("size", 20).get("/search");
            List<String> one = first.path("hits.id");
            List<String> two = search(mode).queryParam("size", 20).queryParam("page", 2).get("/search").path("hits.id");
            List<String> byCursor = search(mode).queryParam("size", 20).queryParam("cursor", first.<String>path("next"))
                    .get("/search").then().statusCode(200).body("page", equalTo(2)).extract().path("hits.id");

            assertThat(one).as(mode).hasSize(20);
            assertThat(two).as(mode).hasSize(20).doesNotContainAnyElementsOf(one);
            assertThat(byCursor).as(mode).isEqualTo(two);
        }
    }

    @Test
    void aCursorIsRefusedWithAnotherSearchOrWhenItIsNotOne() {
        String next = search("keyword").queryParam("size", 10).get("/search").path("next");
        List<RequestSpecification> others = List.of(
                given().queryParam("q", "档案").queryParam("mode", "keyword")
                        .queryParam(CollectionNames.SCOPE_PARAMETER, COLLECTION),
                search("hybrid"),
                search("keyword").queryParam("sort", "date"),
                search("keyword").queryParam("tags", "测试"),
                given().queryParam("q", QUERY).queryParam("mode", "keyword"));
        for (RequestSpecification other : others) {
            assertProblem(other.queryParam("cursor", next).get("/search"), 400, "invalid-cursor");
        }
        assertProblem(search("keyword").queryParam("cursor", "not-a-cursor").get("/search"), 400, "invalid-cursor");
        assertProblem(search("semantic").queryParam("cursor", "eyJ9").get("/search"), 400, "invalid-cursor");
        assertProblem(search("keyword").queryParam("cursor", next).queryParam("page", 2).get("/search"), 400,
                "invalid-query");
        // one this service could have written, but with a point in time Elasticsearch cannot read
        SearchPage keyword = SearchPage.of(QUERY, "keyword", 1, 10, false, SearchFilters.NONE, List.of(),
                SearchSort.RELEVANCE, null);
        String forged = new SearchCursor(SearchCursor.fingerprint(keyword, CollectionScope.parse(COLLECTION)), 10,
                "bm90LWEtcG9pbnQtaW4tdGltZQ", List.of(1000.5, "x")).encode();
        assertProblem(search("keyword").queryParam("cursor", forged).get("/search"), 400, "invalid-cursor");
    }

    @Test
    void aCursorWhosePointInTimeIsClosedHasExpired() {
        // the walk's last page closes its point in time: the cursor that led there is left without one
        Response page = search("keyword").queryParam("size", 100).get("/search");
        String beforeLast = null;
        while (page.path("next") != null) {
            beforeLast = page.path("next");
            page = search("keyword").queryParam("size", 100).queryParam("cursor", beforeLast).get("/search");
        }
        String closed = beforeLast;
        // closing is not waited for
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Response again = search("keyword").queryParam("size", 100).queryParam("cursor", closed).get("/search");
            assertProblem(again, 410, "cursor-expired");
            assertThat(again.<String>path("detail")).contains("start again from the first page");
        });
    }

    @Test
    void theExportGivesTheWalksDocumentsInTheWalksOrderAsNdjson() throws Exception {
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            Response export = search(mode).get("/search/export");
            export.then().statusCode(200).contentType("application/x-ndjson");
            List<String> exported = new ArrayList<>();
            String[] lines = export.asString().split("\n");
            for (String line : lines) {
                JsonNode hit = objectMapper.readTree(line);
                assertThat(hit.path("rank").asInt()).isEqualTo(exported.size() + 1);
                assertThat(hit.path("collection").asText()).isEqualTo(COLLECTION);
                assertThat(hit.path("title").asText()).startsWith("档案工作简报");
                assertThat(hit.path("passage").asText()).contains("档案");
                exported.add(hit.path("id").asText());
            }
            assertThat(exported).as(mode).hasSizeGreaterThanOrEqualTo(SearchPage.RANKED_WINDOW)
                    .isEqualTo(walk(mode, 100));
        }
        assertProblem(search("fuzzy").get("/search/export"), 400, "invalid-query");
    }

    private static void assertProblem(Response response, int status, String type) {
        response.then().statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:" + type));
    }
}
