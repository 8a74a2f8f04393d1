package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Filters, facets and sort of the public search on the whole platform, through the gateway only: six documents of a
 * collection of their own (so that the suite's other documents stay out of the counts), each with its tags, source and
 * a signature date, searched in every mode; a Big5 file in traditional characters found with simplified ones; a
 * synonym added through the dictionary API.
 */
class SearchFiltersEndToEndIT {
    private static final List<String> MODES = List.of("keyword", "semantic", "hybrid");
    private static final String QUERY = "推进生活垃圾分类";
    private static final String COLLECTION = "filters-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SCRIPTS = "scripts-" + UUID.randomUUID().toString().substring(0, 8);
    /** Each document of COLLECTION by id, as submitted. */
    private static final Map<String, Submitted> documents = new LinkedHashMap<>();
    private static RequestSpecification gateway;

    record Submitted(List<String> tags, String source, String documentDate) {
    }

    @BeforeAll
    static void corpus() {
        LocalPlatform platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        gateway = new RequestSpecBuilder().setBaseUri(platform.gatewayUrl())
                .addHeader(LocalPlatform.API_KEY_HEADER, platform.adminKey()).build();
        submit("我市推进生活垃圾分类工作，在老旧小区设置分类投放点，居民按厨余垃圾、可回收物、有害垃圾和其他垃圾分类投放。",
                new Submitted(List.of("试点"), "城管局", "2021-03-01"), "2021年3月1日");
        submit("街道推进生活垃圾分类，组织志愿者在投放点值守，引导居民把厨余垃圾和其他垃圾分开投放。",
                new Submitted(List.of("试点", "宣传"), "街道办", "2022-06-15"), "2022年6月15日");
        submit("推进生活垃圾分类宣传进社区、进学校，发放分类指南，开展垃圾分类知识竞赛。",
                new Submitted(List.of("宣传"), "城管局", "2023-09-30"), "2023年9月30日");
        submit("推进生活垃圾分类收运体系建设，配备分类运输车辆，杜绝混装混运。",
                new Submitted(List.of(), "街道办", null), null);
        submit("社区推进生活垃圾分类试点，实行定时定点投放，厨余垃圾就地处理。",
                new Submitted(List.of("试点"), "社区", "2020-01-10"), "2020年1月10日");
        submit("将推进生活垃圾分类纳入年度考核，对分类投放准确率低的小区通报整改。",
                new Submitted(List.of("考核"), "城管局", "2023-01-05"), "2023年1月5日");
        documents.keySet().forEach(SearchFiltersEndToEndIT::awaitEmbedded);
        // embedded is searchable from the next refresh (the stage's own once caught up, else the index's: 2 min); by
        // meaning all six are near the query
        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
            for (String mode : MODES) {
                assertThat(ids(search(mode).get("/api/v1/search"))).as(mode)
                        .containsExactlyInAnyOrderElementsOf(documents.keySet());
            }
        });
    }

    /** A document of COLLECTION whose text ends with its signature date, the date the index gives it. */
    private static void submit(String paragraph, Submitted submitted, String signatureDate) {
        String content = paragraph + (signatureDate == null ? "" : "\n" + submitted.source() + "\n" + signatureDate);
        String id = given(gateway).contentType(ContentType.JSON)
                .body(Map.of("title", "生活垃圾分类工作情况" + (documents.size() + 1), "content", content,
                        "tags", submitted.tags(), "source", submitted.source(), "collection", COLLECTION))
                .post("/api/v1/documents").then().statusCode(202).extract().path("id");
        documents.put(id, submitted);
    }

    @Test
    void filtersKeepExactlyTheDocumentsThatMatchInEveryMode() {
        for (String mode : MODES) {
            assertFound(mode, search(mode).queryParam("tags", "试点"), d -> d.tags().contains("试点"));
            // values of one parameter: any of them
            assertFound(mode, search(mode).queryParam("tags", "试点", "考核"),
                    d -> d.tags().contains("试点") || d.tags().contains("考核"));
            // two parameters: both
            assertFound(mode, search(mode).queryParam("tags", "试点").queryParam("source", "城管局"),
                    d -> d.tags().contains("试点") && d.source().equals("城管局"));
            // both dates inclusive; the undated document is left out
            assertFound(mode, search(mode).queryParam("dateFrom", "2022-06-15").queryParam("dateTo", "2023-01-05"),
                    d -> d.documentDate() != null && d.documentDate().compareTo("2022-06-15") >= 0
                            && d.documentDate().compareTo("2023-01-05") <= 0);
        }
    }

    @Test
    void eachFacetCountIsTheTotalOfTheSearchFilteredByItsValue() {
        for (String mode : MODES) {
            Response faceted = search(mode).queryParam("facets", "tags,year").get("/api/v1/search");
            faceted.then().statusCode(200).body("total", equalTo(documents.size()));
            Map<String, Integer> tags = counts(faceted, "tags");
            assertThat(tags).as(mode).isEqualTo(Map.of("试点", 3, "宣传", 2, "考核", 1));
            for (Map.Entry<String, Integer> tag : tags.entrySet()) {
                int total = search(mode).queryParam("tags", tag.getKey()).get("/api/v1/search").path("total");
                assertThat(total).as(mode + ", tags=" + tag.getKey()).isEqualTo(tag.getValue());
            }
            assertThat(counts(faceted, "year")).as(mode)
                    .isEqualTo(Map.of("2020", 1, "2021", 1, "2022", 1, "2023", 2));
            // not asked for, not there
            search(mode).get("/api/v1/search").then().statusCode(200).body("$", not(hasKey("facets")));
        }
    }

    @Test
    void suggestionsCompleteTitlesTypedAsPinyinInitials() {
        Response response = given(gateway).queryParam("q", "shljflgzqk").get("/api/v1/search/suggest");

        response.then().statusCode(200);
        List<String> titles = response.jsonPath().getList("suggestions.text", String.class);
        assertThat(titles).isNotEmpty().allMatch(title -> title.startsWith("生活垃圾分类工作情况"));
        assertThat(response.jsonPath().getList("suggestions.kind", String.class)).containsOnly("title");
        given(gateway).queryParam("q", "").get("/api/v1/search/suggest").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void sortByDateOrdersNewestOrOldestFirstAndUndatedLast() {
        List<String> newestFirst = Arrays.asList("2023-09-30", "2023-01-05", "2022-06-15", "2021-03-01", "2020-01-10", null);
        List<String> oldestFirst = Arrays.asList("2020-01-10", "2021-03-01", "2022-06-15", "2023-01-05", "2023-09-30", null);
        for (String mode : MODES) {
            assertThat(search(mode).queryParam("sort", "-date").get("/api/v1/search").jsonPath()
                    .getList("hits.documentDate", String.class)).as(mode).containsExactlyElementsOf(newestFirst);
            assertThat(search(mode).queryParam("sort", "date").get("/api/v1/search").jsonPath()
                    .getList("hits.documentDate", String.class)).as(mode).containsExactlyElementsOf(oldestFirst);
        }
    }

    @Test
    void aBig5FileInTraditionalCharactersIsFoundWithSimplifiedOnes() {
        String text = "鄉村振興工作報告\n一、基本情況\n本縣全面推進鄉村振興，發展特色產業，建設宜居宜業和美鄉村。\n"
                + "二、下一步工作\n持續完善農村公共服務體系。";
        String id = given(gateway).multiPart("file", "report-big5.txt", text.getBytes(Charset.forName("Big5")), "text/plain")
                .multiPart("collection", SCRIPTS)
                .post("/api/v1/documents").then().statusCode(202).extract().path("id");
        String other = given(gateway).contentType(ContentType.JSON)
                .body(Map.of("title", "数字政府建设方案", "content", "加快推进数字政府建设，让群众办事少跑腿。", "collection", SCRIPTS))
                .post("/api/v1/documents").then().statusCode(202).extract().path("id");
        awaitEmbedded(id);
        awaitEmbedded(other);
        // read as Big5, not as some other charset that would give other characters
        given(gateway).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("title", equalTo("鄉村振興工作報告")).body("body", containsString("全面推進鄉村振興"));

        for (String mode : List.of("keyword", "semantic")) {
            Response found = await().atMost(Duration.ofSeconds(30)).until(() -> given(gateway).queryParam("q", "乡村振兴")
                    .queryParam("mode", mode).queryParam("collection", SCRIPTS).get("/api/v1/search"),
                    response -> response.statusCode() == 200 && !ids(response).isEmpty());
            assertThat(ids(found)).as(mode).first().isEqualTo(id);
            if (mode.equals("keyword")) {
                assertThat(ids(found)).as(mode).containsExactly(id);
                String snippet = found.jsonPath().getString("hits[0].snippet.text");
                // the original characters, marked: the index folds them to simplified ones only to compare
                assertThat(snippet.replace("</em><em>", "")).as(mode).contains("<em>鄉村振興</em>");
            }
        }
    }

    @Test
    void aSynonymAddedThroughTheApiFindsADocumentUntilItIsRemoved() {
        String collection = "synonyms-" + UUID.randomUUID().toString().substring(0, 8);
        String id = given(gateway).contentType(ContentType.JSON)
                .body(Map.of("title", "庭院经济发展情况", "content", "我县大力发展庭院经济，带动农户增收，全年户均增收三千元。",
                        "collection", collection))
                .post("/api/v1/documents").then().statusCode(202).extract().path("id");
        Supplier<Response> search = () -> given(gateway).queryParam("q", "小院经济").queryParam("mode", "keyword")
                .queryParam("collection", collection).get("/api/v1/search");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ids(given(gateway).queryParam("q", "庭院经济")
                .queryParam("collection", collection).get("/api/v1/search"))).containsExactly(id));
        assertThat(ids(search.get())).isEmpty();

        Response before = given(gateway).get("/api/v1/admin/dictionary");
        before.then().statusCode(200);
        List<String> synonyms = new ArrayList<>(before.jsonPath().getList("synonyms", String.class));
        synonyms.add("小院经济, 庭院经济");
        int version = updateSynonyms(before.path("version"), synonyms);
        try {
            // applied when the update answers: no waiting, no rebuild
            assertThat(ids(search.get())).containsExactly(id);
        } finally {
            synonyms.remove("小院经济, 庭院经济");
            updateSynonyms(version, synonyms);
        }
        assertThat(ids(search.get())).isEmpty();
    }

    private static int updateSynonyms(int version, List<String> synonyms) {
        return given(gateway).contentType(ContentType.JSON).body(Map.of("version", version, "synonyms", synonyms))
                .put("/api/v1/admin/dictionary").then().statusCode(200)
                .body("synonymsNotApplied", nullValue()).body("rebuildNeeded", equalTo(false))
                .extract().path("version");
    }

    @Test
    void malformedParametersAre400ProblemsThroughTheGateway() {
        assertInvalidQuery(search("hybrid").queryParam("sort", "newest"), "Unknown sort 'newest'");
        assertInvalidQuery(search("keyword").queryParam("dateFrom", "2023/01/01"), "'dateFrom'");
        // an empty value reaches search-service as it was sent, and is refused there rather than ignored
        assertInvalidQuery(search("keyword").queryParam("tags", ""), "'tags' has an empty value");
    }

    private static void assertInvalidQuery(RequestSpecification request, String detail) {
        request.get("/api/v1/search").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:invalid-query"))
                .body("detail", containsString(detail));
    }

    private static void assertFound(String mode, RequestSpecification request, Predicate<Submitted> matches) {
        List<String> expected = documents.entrySet().stream().filter(document -> matches.test(document.getValue()))
                .map(Map.Entry::getKey).toList();
        assertThat(expected).as("the corpus has documents for this filter").isNotEmpty()
                .hasSizeLessThan(documents.size());
        Response response = request.get("/api/v1/search");
        response.then().statusCode(200).body("total", equalTo(expected.size()));
        assertThat(ids(response)).as(mode).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** QUERY in the mode among COLLECTION's documents, a page that holds them all. */
    private static RequestSpecification search(String mode) {
        return given(gateway).queryParam("q", QUERY).queryParam("mode", mode).queryParam("size", 20)
                .queryParam("collection", COLLECTION);
    }

    private static List<String> ids(Response response) {
        return response.jsonPath().getList("hits.id", String.class);
    }

    private static Map<String, Integer> counts(Response response, String field) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Map<String, Object>> values = response.jsonPath().getList("facets." + field);
        values.forEach(value -> counts.put((String) value.get("value"), (Integer) value.get("count")));
        return counts;
    }

    private static void awaitEmbedded(String id) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given(gateway).get("/api/v1/documents/" + id + "/status")
                .then().statusCode(200).body("status", equalTo("embedded")));
    }
}
