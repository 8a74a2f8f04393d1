package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The whole platform as users run it: Kafka, Elasticsearch with IK, and the three packaged services,
 * driven only through the public gateway.
 */
class GatewayEndToEndTest {
    private static RequestSpecification gateway;

    @BeforeAll
    static void platform() {
        LocalPlatform platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        gateway = new RequestSpecBuilder().setBaseUri(platform.gatewayUrl()).build();
    }

    @Test
    void documentIsFoundByATermOnlyIkSegmentsAndByAQuotedPhrase() {
        String id = submit(Map.of("title", "关于加快发展新质生产力的调研报告",
                "content", "一、基本情况\n近年来，我市把发展新质生产力作为推动高质量发展的重要着力点。\n"
                        + "二、存在问题\n部分企业创新能力不足。",
                "source", "市发展改革委", "tags", List.of("调研", "新质生产力")));
        // Same characters, no such word: a character-level analyzer would match this one too
        String decoy = submit(Map.of("title", "生产安全通知",
                "content", "新的一年，要提高质量，抓好生产，增强能力。"));

        Response response = awaitHit("新质生产力", id);
        response.then().body("hits.id", not(hasItem(decoy)));
        Map<String, Object> hit = hit(response, id);
        assertThat((String) hit.get("titleHighlight")).contains("<em>新质生产力</em>");
        @SuppressWarnings("unchecked")
        List<String> highlights = (List<String>) hit.get("highlights");
        assertThat(String.join("", highlights)).contains("<em>新质生产力</em>");

        given(gateway).queryParam("q", "\"推动高质量发展\"").get("/api/v1/search")
                .then().statusCode(200).body("hits.id", hasItem(id)).body("hits.id", not(hasItem(decoy)));
        given(gateway).queryParam("q", "“发展新质生产力”").get("/api/v1/search")
                .then().statusCode(200).body("hits.id", hasItem(id));

        given(gateway).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("title", equalTo("关于加快发展新质生产力的调研报告"))
                .body("source", equalTo("市发展改革委"))
                .body("tags", hasItem("调研"));
    }

    @Test
    void plainTextUploadBecomesSearchable() {
        String id = given(gateway).contentType("text/plain; charset=UTF-8")
                .queryParam("source", "县应急管理局")
                .body("在全县安全生产工作会议上的讲话\n同志们：今天召开会议，主要任务是压实安全生产责任。")
                .post("/api/v1/documents")
                .then().statusCode(202).extract().path("id");
        Map<String, Object> hit = hit(awaitHit("安全生产", id), id);
        assertThat(hit.get("title")).isEqualTo("在全县安全生产工作会议上的讲话");
        assertThat(hit.get("source")).isEqualTo("县应急管理局");
    }

    @Test
    void serviceProblemsReachTheCallerUnchanged() {
        given(gateway).contentType(ContentType.JSON).body(Map.of("content", " "))
                .post("/api/v1/documents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:invalid-document"));
        given(gateway).get("/api/v1/documents/no-such-document")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:document-not-found"));
        given(gateway).get("/api/v1/search")
                .then().statusCode(400).body("type", equalTo("urn:docsearch:problem:invalid-query"));
    }

    private static String submit(Map<String, Object> document) {
        return given(gateway).contentType(ContentType.JSON).body(document)
                .post("/api/v1/documents")
                .then().statusCode(202).extract().path("id");
    }

    private static Response awaitHit(String query, String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given(gateway).queryParam("q", query).get("/api/v1/search").then().statusCode(200)
                        .body("hits.id", hasItem(id)));
        return given(gateway).queryParam("q", query).get("/api/v1/search");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hit(Response response, String id) {
        List<Map<String, Object>> hits = response.path("hits");
        return hits.stream().filter(h -> id.equals(h.get("id"))).findFirst().orElseThrow();
    }
}
