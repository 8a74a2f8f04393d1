package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.InfrastructureTestResource;
import cn.docsearch.search.support.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Results people can read, on the real node and model: a short snippet around the answer (its sentence marked when
 * found by meaning), full passages only on request, near-identical documents folded under the best of them, suggestions
 * by characters, pinyin and initials inside the caller's collections, and "did you mean" when nothing is found.
 */
@QuarkusTest
@WithTestResource(InfrastructureTestResource.class)
class ReadableResultsIT {
    private static final String COLLECTION = "readable-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String OTHER = "readable-other-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String ANSWER = "各村设立矛盾纠纷调解室，由老党员和乡贤担任调解员，群众有了烦心事可以随时上门说理。";
    private static final String REPORT = String.join("\n",
            "今年以来，我县认真落实上级关于加强基层治理的部署要求，把基层治理作为打基础、利长远的重要工作来抓，取得了阶段性成效。",
            "一是健全组织体系，全县二百一十个村全部建立网格化管理服务机制，每个网格配备一名专职网格员，做到人在格中走、事在网中办。",
            "二是推进源头化解。" + ANSWER + "全年共调处各类纠纷一千三百余件，调解成功率达到百分之九十六。",
            "三是提升服务能力，推动政务服务事项下沉到村，群众办理社保、医保等常见事项不出村就能完成。",
            "下一步，我们将继续完善基层治理体系，推动治理重心下移，不断增强人民群众的获得感、幸福感、安全感。");
    private static String report;
    private static String copy;
    private static String other;
    private static String plan;

    @Inject
    ObjectMapper objectMapper;

    private TopicWriter topic;

    @BeforeEach
    void corpus() throws Exception {
        topic = new TopicWriter(objectMapper);
        if (report != null) {
            return;
        }
        Map<String, Object> metadata = Map.of("source", "县委办", "tags", List.of("基层治理"), "author", "刘洋",
                "contentType", "text/plain", "documentDate", "2024-03-18");
        report = topic.publish(COLLECTION, metadata, "关于加强基层治理工作的报告", REPORT);
        // the same report as a file: its title as a first line, one figure changed
        copy = topic.publish(COLLECTION, Map.of("contentType", "application/pdf", "fileName", "基层治理报告.pdf"),
                "基层治理报告", "关于加强基层治理工作的报告\n" + REPORT.replace("一千三百余件", "一千三百二十件"));
        // tags written with capitals and in traditional characters
        other = topic.publish(COLLECTION, Map.of("contentType", "text/plain", "tags", List.of("AI辅助调解", "鄉村振興")),
                "社区调解工作简报",
                "街道成立矛盾纠纷多元化解中心，整合司法所、派出所和律师力量，对邻里纠纷实行一站式受理。");
        // the same tag as other's, written in lower case
        plan = topic.publish(COLLECTION, Map.of("contentType", "text/plain", "tags", List.of("ai辅助调解")),
                "全面推进乡村振兴工作方案", "发展特色种植和乡村旅游，带动农民增收致富。");
        String elsewhere = topic.publish(OTHER, Map.of("contentType", "text/plain"), "乡村振兴调研报告",
                "调研发现，乡村产业发展仍面临人才短缺问题。");
        for (String id : List.of(report, copy, other, plan, elsewhere)) {
            SearchModesIT.awaitStatus(id, "embedded", 1);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(search("矛盾纠纷", "semantic")
                .queryParam("fold", false).get("/search").<Integer>path("total")).isGreaterThanOrEqualTo(3));
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void aHitShowsASnippetAroundItsMatchesAndItsMetadataButNoPassagesUnlessAsked() {
        Map<String, Object> hit = hit(search("矛盾纠纷调解", "keyword").queryParam("fold", false).get("/search"), report);

        Map<String, Object> snippet = snippet(hit);
        String text = (String) snippet.get("text");
        assertThat(text).contains("<em>").contains("调解员");
        assertThat(text.replaceAll("<[^>]+>", "").length()).isLessThanOrEqualTo(162);
        assertThat((Integer) snippet.get("position")).isNotNegative();
        assertThat(hit).containsEntry("author", "刘洋").containsEntry("contentType", "text/plain")
                .containsEntry("documentDate", "2024-03-18").containsEntry("collection", COLLECTION)
                .doesNotContainKeys("passages", "highlights");
        // an uploaded file's name comes with its hit
        assertThat(hit(search("矛盾纠纷调解", "keyword").queryParam("fold", false).get("/search"), copy))
                .containsEntry("fileName", "基层治理报告.pdf").containsEntry("contentType", "application/pdf");

        Map<String, Object> withPassages = hit(search("矛盾纠纷调解", "keyword").queryParam("fold", false)
                .queryParam("passages", true).get("/search"), report);
        assertThat(withPassages).containsKeys("passages", "highlights");
    }

    @Test
    void aPassageFoundByMeaningHasTheSentenceThatAnswersMarked() {
        Map<String, Object> hit = hit(search("村里的矛盾纠纷由谁来调解", "semantic").queryParam("fold", false).get("/search"),
                report);

        // the sentence is marked, its words matched by the query highlighted inside the mark
        assertThat(((String) snippet(hit).get("text")).replaceAll("</?em>", "")).contains("<mark>" + ANSWER + "</mark>");
    }

    @Test
    void nearIdenticalDocumentsAreFoldedUnderTheBestOfThemInEveryMode() {
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            Response folded = search("基层治理 矛盾纠纷", mode).get("/search");
            List<String> ids = folded.path("hits.id");
            String shown = ids.contains(report) ? report : copy;
            String foldedAway = shown.equals(report) ? copy : report;

            assertThat(ids).as(mode).contains(shown).doesNotContain(foldedAway);
            assertThat(folded.<List<String>>path("hits.find { it.id == '" + shown + "' }.folded.id")).as(mode)
                    .containsExactly(foldedAway);
            if (ids.contains(other)) {
                assertThat(hit(folded, other)).as(mode).doesNotContainKey("folded");
            }
            List<String> apart = search("基层治理 矛盾纠纷", mode).queryParam("fold", false).get("/search").path("hits.id");
            assertThat(apart).as(mode).contains(report, copy);
            assertThat(folded.<Integer>path("total")).as("%s: the total counts every result", mode).isEqualTo(apart.size());
        }
    }

    @Test
    void suggestionsCompleteTitlesByCharactersPinyinAndInitialsAndTermsInsideTheCollections() {
        assertThat(suggest("xczx")).containsExactly("全面推进乡村振兴工作方案");
        assertThat(suggest("xiangcunzhen")).containsExactly("全面推进乡村振兴工作方案");
        assertThat(suggest("基层")).contains("基层治理报告", "基层治理");
        // a tag is found however it is typed, shown as written, and once however the documents write it
        assertThat(suggest("ai")).singleElement().isIn("AI辅助调解", "ai辅助调解");
        assertThat(suggest("AI辅")).singleElement().isIn("AI辅助调解", "ai辅助调解");
        assertThat(suggest("乡村振兴")).contains("鄉村振興");
        assertThat(given().queryParam("q", "基层").queryParam("collections", COLLECTION).get("/search/suggest")
                .<List<String>>path("suggestions.findAll { it.kind == 'term' }.text")).containsExactly("基层治理");
        assertThat(given().queryParam("q", "xczx").queryParam("collections", COLLECTION + "," + OTHER)
                .get("/search/suggest").<List<String>>path("suggestions.text"))
                .containsExactlyInAnyOrder("全面推进乡村振兴工作方案", "乡村振兴调研报告");
        // a caller of every collection (no scope) sees both
        assertThat(given().queryParam("q", "xczx").get("/search/suggest").<List<String>>path("suggestions.text"))
                .contains("全面推进乡村振兴工作方案", "乡村振兴调研报告");
        given().queryParam("q", "").get("/search/suggest").then().statusCode(400);
        given().queryParam("q", "基层").queryParam("size", 0).get("/search/suggest").then().statusCode(400);
    }

    @Test
    void aQueryThatFindsNothingIsToldWhatItMayHaveMeant() {
        Response response = search("xiangcunzhenxing", "keyword").get("/search");

        assertThat(response.<Integer>path("total")).isZero();
        assertThat(response.<String>path("didYouMean")).isEqualTo("乡村振兴");
        assertThat(search("基层治理", "keyword").get("/search").<String>path("didYouMean")).isNull();
    }

    private static List<String> suggest(String typed) {
        Response response = given().queryParam("q", typed).queryParam("collections", COLLECTION).get("/search/suggest");
        response.then().statusCode(200);
        return response.path("suggestions.text");
    }

    private static RequestSpecification search(String query, String mode) {
        return given().queryParam("q", query).queryParam("mode", mode).queryParam("collections", COLLECTION)
                .queryParam("size", 20);
    }

    private static Map<String, Object> hit(Response response, String id) {
        response.then().statusCode(200);
        List<Map<String, Object>> hits = response.path("hits");
        return hits.stream().filter(h -> id.equals(h.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not among " + response.path("hits.id")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> snippet(Map<String, Object> hit) {
        return (Map<String, Object>) hit.get("snippet");
    }
}
