package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.InfrastructureTestResource;
import cn.docsearch.search.query.SearchPage;
import cn.docsearch.search.support.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Filters, facets and date order in every mode on the real node and the real model, each test's documents in a
 * collection of their own (searched with that scope, so other tests' documents stay out); traditional and simplified
 * characters finding each other by words and by meaning; every malformed parameter a 400 problem.
 */
@QuarkusTest
@WithTestResource(InfrastructureTestResource.class)
class SearchFiltersIT {
    private static final List<String> MODES = List.of("keyword", "semantic", "hybrid");
    private static final String QUERY = "推进生活垃圾分类";
    private static final String COLLECTION = "filters-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String CROWDED = "crowded-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SCRIPTS = "scripts-" + UUID.randomUUID().toString().substring(0, 8);
    /** Each document of COLLECTION by id, with its metadata. */
    private static final Map<String, Map<String, Object>> documents = new LinkedHashMap<>();
    private static final List<String> crowdedTagged = new ArrayList<>();
    private static String traditional;
    private static String simplified;

    @Inject
    ObjectMapper objectMapper;

    private TopicWriter topic;

    @BeforeEach
    void corpus() throws Exception {
        topic = new TopicWriter(objectMapper);
        if (!documents.isEmpty()) {
            return;
        }
        String[] paragraphs = {
                "我市推进生活垃圾分类工作，在老旧小区设置分类投放点，居民按厨余垃圾、可回收物、有害垃圾和其他垃圾分类投放。",
                "街道推进生活垃圾分类，组织志愿者在投放点值守，引导居民把厨余垃圾和其他垃圾分开投放。",
                "推进生活垃圾分类宣传进社区、进学校，发放分类指南，开展垃圾分类知识竞赛。",
                "推进生活垃圾分类收运体系建设，配备分类运输车辆，杜绝混装混运。",
                "社区推进生活垃圾分类试点，实行定时定点投放，厨余垃圾就地处理。",
                "将推进生活垃圾分类纳入年度考核，对分类投放准确率低的小区通报整改。"};
        List<Map<String, Object>> metadata = List.of(
                meta(List.of("试点"), "城管局", "王明", "text/plain", "2021-03-01"),
                meta(List.of("试点", "宣传"), "街道办", "李华", "text/markdown", "2022-06-15"),
                meta(List.of("宣传"), "城管局", "李华", "text/plain", "2023-09-30"),
                meta(List.of(), "街道办", null, "text/html", null),
                meta(List.of("试点"), "社区", "王明", "text/plain", "2020-01-10"),
                meta(List.of("考核"), "城管局", "赵强", "application/pdf", "2023-01-05"));
        for (int i = 0; i < paragraphs.length; i++) {
            documents.put(topic.publish(COLLECTION, metadata.get(i), "生活垃圾分类工作情况" + (i + 1), paragraphs[i]),
                    metadata.get(i));
        }
        // more documents nearer the query than the tagged ones than the vector side ranks (its whole window): only a
        // filter applied while the nearest are chosen finds the tagged ones
        List<String> crowd = new ArrayList<>();
        for (int i = 0; i < SearchPage.RANKED_WINDOW + 50; i++) {
            crowd.add(topic.publish(CROWDED, meta(List.of("常规"), "城管局", null, "text/plain", null),
                    "垃圾分类简报第" + (i + 1) + "期", "本期推进生活垃圾分类，第" + (i + 1) + "个小区完成分类投放点改造，居民分类投放准确率提高。"));
        }
        for (String text : List.of("环卫所完善车辆台账，记录运输车辆的出车和维修情况，推进生活垃圾分类运输。",
                "城管执法队检查商户门前三包落实情况，要求沿街商户推进生活垃圾分类。",
                "环保志愿服务队走访居民，讲解废旧电池的回收去向，推进生活垃圾分类。")) {
            crowdedTagged.add(topic.publish(CROWDED, meta(List.of("重点"), "城管局", null, "text/plain", null), "工作动态", text));
        }
        traditional = topic.publish(SCRIPTS, meta(List.of(), "縣政府", null, "text/plain", null), "鄉村振興工作報告",
                "全面推進鄉村振興，發展特色產業，建設宜居宜業和美鄉村。");
        simplified = topic.publish(SCRIPTS, meta(List.of(), "县政府", null, "text/plain", null), "数字政府建设方案",
                "加快推进数字政府建设，让群众办事少跑腿。");
        List<String> few = new ArrayList<>(documents.keySet());
        few.addAll(crowdedTagged);
        few.addAll(List.of(traditional, simplified));
        for (String id : few) {
            SearchModesIT.awaitStatus(id, "embedded", 1);
        }
        // the crowd counted at once, not one status request after another
        int crowded = crowd.size() + crowdedTagged.size();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().queryParam("collections", CROWDED).get("/admin/index/stats").then().statusCode(200)
                        .body("collections[0].embedded", equalTo(crowded)));
        // embedded is searchable after the next refresh (the stage's own once caught up, else the index's: 2 min)
        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
            assertThat(total(search(COLLECTION, "semantic").queryParam("size", 20))).isEqualTo(documents.size());
            assertThat(total(search(CROWDED, "keyword"))).isEqualTo(crowded);
        });
    }

    @AfterEach
    void close() {
        topic.close();
    }

    private static Map<String, Object> meta(List<String> tags, String source, String author, String contentType,
                                            String documentDate) {
        Map<String, Object> metadata = new HashMap<>(Map.of("tags", tags, "source", source, "contentType", contentType));
        if (author != null) {
            metadata.put("author", author);
        }
        if (documentDate != null) {
            metadata.put("documentDate", documentDate);
        }
        return metadata;
    }

    @Test
    void eachFilterKeepsExactlyTheMatchingDocumentsInEveryMode() {
        for (String mode : MODES) {
            List<String> all = ids(search(COLLECTION, mode));
            assertThat(all).as(mode).containsExactlyInAnyOrderElementsOf(documents.keySet());
            assertFiltered(mode, all, Map.of("tags", List.of("试点")), m -> tags(m).contains("试点"));
            assertFiltered(mode, all, Map.of("tags", List.of("宣传", "考核")), m -> tags(m).contains("宣传") || tags(m).contains("考核"));
            assertFiltered(mode, all, Map.of("tags", List.of("试点"), "source", List.of("城管局")),
                    m -> tags(m).contains("试点") && "城管局".equals(m.get("source")));
            assertFiltered(mode, all, Map.of("author", List.of("李华")), m -> "李华".equals(m.get("author")));
            assertFiltered(mode, all, Map.of("contentType", List.of("text/plain", "application/pdf")),
                    m -> List.of("text/plain", "application/pdf").contains(m.get("contentType")));
            assertFiltered(mode, all, Map.of("dateFrom", List.of("2021-03-01"), "dateTo", List.of("2022-06-15")),
                    m -> m.get("documentDate") != null && ((String) m.get("documentDate")).compareTo("2021-03-01") >= 0
                            && ((String) m.get("documentDate")).compareTo("2022-06-15") <= 0);
            assertFiltered(mode, all, Map.of("dateTo", List.of("2020-12-31")), m -> "2020-01-10".equals(m.get("documentDate")));
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            assertFiltered(mode, all, Map.of("ingestedFrom", List.of(today), "ingestedTo", List.of(today)), m -> true);
            assertFiltered(mode, all, Map.of("ingestedFrom", List.of(LocalDate.now(ZoneOffset.UTC).plusDays(1).toString())),
                    m -> false);
            assertFiltered(mode, all, Map.of("collection", List.of(COLLECTION, CROWDED)), m -> true);
        }
    }

    @Test
    void aCollectionNamedOutsideTheScopeFindsNothing() {
        for (String mode : MODES) {
            Response outside = search(COLLECTION, mode).queryParam("collection", CROWDED).get("/search");
            outside.then().statusCode(200).body("total", equalTo(0));
            // inside a wider scope, the collection named narrows it
            Response narrowed = given().queryParam("q", QUERY).queryParam("mode", mode).queryParam("size", 20)
                    .queryParam("collections", COLLECTION + "," + CROWDED).queryParam("collection", COLLECTION).get("/search");
            assertThat(ids(narrowed)).as(mode).containsExactlyInAnyOrderElementsOf(documents.keySet());
        }
    }

    @Test
    void facetCountsEqualTheTotalsOfTheSearchesFilteredByEachValue() {
        for (String mode : MODES) {
            // a page of 2 of the 6 matches: the counts are the whole result set's, not the page's
            Response response = given().queryParam("q", QUERY).queryParam("mode", mode).queryParam("collections", COLLECTION)
                    .queryParam("size", 2).queryParam("facets", "tags,source,author").queryParam("facets", "contentType,year")
                    .get("/search");
            response.then().statusCode(200);
            Map<String, List<Map<String, Object>>> facets = response.path("facets");
            assertThat(facets).as(mode).containsOnlyKeys("tags", "source", "author", "contentType", "year");
            assertThat(facets.get("tags")).as(mode).first().isEqualTo(Map.of("value", "试点", "count", 3));
            assertThat(facets.get("source").stream().map(f -> f.get("value")).toList()).as(mode)
                    .containsExactly("城管局", "街道办", "社区");
            for (Map.Entry<String, List<Map<String, Object>>> field : facets.entrySet()) {
                for (Map<String, Object> facet : field.getValue()) {
                    String value = (String) facet.get("value");
                    RequestSpecification filtered = search(COLLECTION, mode);
                    if (field.getKey().equals("year")) {
                        filtered.queryParam("dateFrom", value + "-01-01").queryParam("dateTo", value + "-12-31");
                    } else {
                        filtered.queryParam(field.getKey().equals("tags") ? "tags" : field.getKey(), value);
                    }
                    assertThat(total(filtered)).as(mode + " " + field.getKey() + "=" + value)
                            .isEqualTo(((Number) facet.get("count")).longValue());
                }
            }
            assertThat(facets.get("year").stream().mapToLong(f -> ((Number) f.get("count")).longValue()).sum()).as(mode)
                    .isEqualTo(5);
        }
        // not asked for, not there
        search(COLLECTION, "keyword").get("/search").then().body("containsKey('facets')", equalTo(false));
        search(COLLECTION, "keyword").queryParam("facets", "collection").get("/search").then()
                .body("facets.collection[0].value", equalTo(COLLECTION)).body("facets.collection[0].count", equalTo(6));
    }

    @Test
    void sortingByDateReordersTheSameResultsUndatedLast() {
        for (String mode : MODES) {
            List<String> byRelevance = ids(search(COLLECTION, mode));
            for (String sort : List.of("date", "-date")) {
                List<String> sorted = ids(search(COLLECTION, mode).queryParam("sort", sort));
                assertThat(sorted).as(mode + " " + sort).containsExactlyInAnyOrderElementsOf(byRelevance);
                List<String> dates = sorted.stream().map(id -> (String) documents.get(id).get("documentDate")).toList();
                Comparator<String> order = sort.equals("date") ? Comparator.naturalOrder() : Comparator.reverseOrder();
                assertThat(dates).as(mode + " " + sort).isSortedAccordingTo(Comparator.nullsLast(order));
                assertThat(dates.get(dates.size() - 1)).isNull();
            }
            // pages of a sorted list follow on from each other
            List<String> firstPage = ids(search(COLLECTION, mode).queryParam("sort", "-date").queryParam("size", 3));
            List<String> secondPage = ids(search(COLLECTION, mode).queryParam("sort", "-date").queryParam("size", 3)
                    .queryParam("page", 2));
            List<String> together = new ArrayList<>(firstPage);
            together.addAll(secondPage);
            assertThat(together).as(mode).isEqualTo(ids(search(COLLECTION, mode).queryParam("sort", "-date")));
        }
    }

    @Test
    void aNarrowFilterFindsItsDocumentsBeyondTheNearestCandidates() {
        for (String mode : MODES) {
            Response response = search(CROWDED, mode).queryParam("tags", "重点").get("/search");
            assertThat(ids(response)).as(mode).containsExactlyInAnyOrderElementsOf(crowdedTagged);
            assertThat(total(search(CROWDED, mode).queryParam("tags", "重点"))).as(mode).isEqualTo(3);
        }
    }

    @Test
    void traditionalAndSimplifiedFindEachOtherByWordsAndByMeaning() {
        for (String mode : MODES) {
            Response found = given().queryParam("q", "乡村振兴").queryParam("mode", mode).queryParam("collections", SCRIPTS)
                    .queryParam("explain", true).queryParam("passages", true).get("/search");
            assertThat(ids(found)).as(mode).first().isEqualTo(traditional);
            String passage = found.path("hits[0].passages[0].text");
            assertThat(marked(passage)).as(mode + ": " + passage).contains("鄉村");
            assertThat(passage.replace("<em>", "").replace("</em>", "")).startsWith("全面推進鄉村振興");

            Response reverse = given().queryParam("q", "數字政府").queryParam("mode", mode).queryParam("collections", SCRIPTS)
                    .queryParam("passages", true).get("/search");
            assertThat(ids(reverse)).as(mode).first().isEqualTo(simplified);
            assertThat(marked(reverse.path("hits[0].passages[0].text"))).as(mode).contains("数字");
        }
        // the model reads both scripts folded: the same query in either script is the same vector
        Float fromSimplified = given().queryParam("q", "全面推进乡村振兴").queryParam("mode", "semantic")
                .queryParam("collections", SCRIPTS).queryParam("explain", true).get("/search").path("hits[0].explain.vectorSimilarity");
        Float fromTraditional = given().queryParam("q", "全面推進鄉村振興").queryParam("mode", "semantic")
                .queryParam("collections", SCRIPTS).queryParam("explain", true).get("/search").path("hits[0].explain.vectorSimilarity");
        assertThat(fromTraditional).isEqualTo(fromSimplified).isGreaterThan(0.8f);
    }

    @Test
    void malformedParametersAreA400ProblemInEveryMode() {
        List<Map<String, String>> malformed = List.of(Map.of("sort", "title"), Map.of("sort", "date,-date"),
                Map.of("facets", "title"), Map.of("facets", "tags,"), Map.of("facets", "tags,source,author,contentType,collection,year"),
                Map.of("dateFrom", "2024-13-01"), Map.of("dateTo", "2024/01/01"), Map.of("dateFrom", "2024-02-30"),
                Map.of("dateFrom", "2024-05-02", "dateTo", "2024-05-01"), Map.of("ingestedFrom", "soon"),
                Map.of("ingestedFrom", "2026-03-02", "ingestedTo", "2026-03-01"), Map.of("tags", ""), Map.of("source", " "),
                Map.of("author", "李\u0007华"), Map.of("contentType", "text/\u200Bplain"),
                Map.of("tags", "x".repeat(1025)), Map.of("sort", "date\u0000"), Map.of("facets", "tags\u0007"));
        for (String mode : MODES) {
            for (Map<String, String> parameters : malformed) {
                assertProblem(given().queryParam("q", QUERY).queryParam("mode", mode).queryParams(parameters), parameters);
            }
            // an unpaired surrogate arrives as bytes that are not UTF-8
            for (String undecodable : List.of("%ED%A0%80", "x%ED%B0%80")) {
                for (String parameter : List.of("collection", "sort", "facets")) {
                    assertProblem(given().urlEncodingEnabled(false).queryParam("q", "%E5%9E%83%E5%9C%BE").queryParam("mode", mode)
                            .queryParam(parameter, undecodable), parameter + "=" + undecodable);
                }
                given().urlEncodingEnabled(false).queryParam("q", "%E5%9E%83%E5%9C%BE").queryParam("mode", mode)
                        .queryParam("cursor", undecodable).get("/search").then().statusCode(400)
                        .contentType("application/problem+json").body("type", equalTo("urn:docsearch:problem:invalid-cursor"));
            }
            given().queryParam("q", QUERY).queryParam("mode", mode).queryParam("cursor", "eyJ\u0000").get("/search").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:docsearch:problem:invalid-cursor"));
            RequestSpecification tooMany = given().queryParam("q", QUERY).queryParam("mode", mode);
            for (int i = 0; i <= 50; i++) {
                tooMany.queryParam("tags", "标签" + i);
            }
            tooMany.get("/search").then().statusCode(400).body("detail", equalTo("Parameter 'tags' has 51 values; the limit is 50"));
            // a misspelt filter is refused, never dropped
            given().queryParam("q", QUERY).queryParam("mode", mode).queryParam("authr", "李华").get("/search").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("detail", startsWith("Unknown parameter 'authr'"));
        }
    }

    /** What is typed is cleaned as a query is: refused when nothing but characters without text is left. */
    @Test
    void suggestionsRefuseWhatCarriesNoText() {
        for (RequestSpecification hostile : List.of(given().queryParam("q", "\u0000\u0007"), given().queryParam("q", "\u200B"),
                given().urlEncodingEnabled(false).queryParam("q", "%ED%A0%80"))) {
            hostile.get("/search/suggest").then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:docsearch:problem:invalid-query"));
        }
        given().queryParam("q", "垃\u0000圾").get("/search/suggest").then().statusCode(200);
    }

    private static void assertProblem(RequestSpecification request, Object parameters) {
        Response response = request.get("/search");
        assertThat(response.statusCode()).as(parameters + ": " + response.asString()).isEqualTo(400);
        response.then().contentType("application/problem+json").body("type", equalTo("urn:docsearch:problem:invalid-query"));
    }

    private static final Pattern MARKED = Pattern.compile("<em>(.*?)</em>");

    /** The highlighted characters of a passage, together. */
    private static String marked(String passage) {
        StringBuilder marked = new StringBuilder();
        Matcher matcher = MARKED.matcher(passage);
        while (matcher.find()) {
            marked.append(matcher.group(1));
        }
        return marked.toString();
    }

    private void assertFiltered(String mode, List<String> all, Map<String, List<String>> filters,
                                java.util.function.Predicate<Map<String, Object>> matches) {
        RequestSpecification request = search(COLLECTION, mode);
        filters.forEach((name, values) -> values.forEach(value -> request.queryParam(name, value)));
        Response response = request.get("/search");
        List<String> expected = all.stream().filter(id -> matches.test(documents.get(id))).toList();
        assertThat(ids(response)).as(mode + " " + filters).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(response.<Integer>path("total")).as(mode + " " + filters).isEqualTo(expected.size());
    }

    @SuppressWarnings("unchecked")
    private static List<String> tags(Map<String, Object> metadata) {
        return (List<String>) metadata.get("tags");
    }

    private static RequestSpecification search(String collection, String mode) {
        return given().queryParam("q", QUERY).queryParam("mode", mode).queryParam("collections", collection)
                .queryParam("size", 20);
    }

    private static long total(RequestSpecification request) {
        Response response = request.get("/search");
        response.then().statusCode(200);
        return ((Number) response.path("total")).longValue();
    }

    private static List<String> ids(RequestSpecification request) {
        return ids(request.get("/search"));
    }

    private static List<String> ids(Response response) {
        response.then().statusCode(200);
        return response.path("hits.id");
    }
}
