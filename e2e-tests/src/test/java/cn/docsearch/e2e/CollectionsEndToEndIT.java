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
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Collections on the whole platform: a key of collection finance never sees a document of collection office on any
 * read path (search in every mode and its total, the document, its status, similar documents, duplicates, similar
 * passages, delete, jobs), and cannot tell it from a document that does not exist; the same text in two collections is
 * two documents.
 */
class CollectionsEndToEndIT {
    private static LocalPlatform platform;
    private static String officeWriter;
    private static String officeReader;
    private static String financeWriter;
    private static String financeReader;

    @BeforeAll
    static void keys() {
        platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        officeWriter = createKey("办公室录入", "writer", "office");
        officeReader = createKey("办公室查阅", "reader", "office");
        financeWriter = createKey("财务科录入", "writer", "finance");
        financeReader = createKey("财务科查阅", "reader", "finance");
    }

    @Test
    void aDocumentOfAnotherCollectionIsNeverSeenOnAnyReadPath() {
        String marker = "保密" + UUID.randomUUID().toString().substring(0, 8);
        String text = "一、工作安排\n" + marker + "专项检查由办公室牵头，各科室配合，月底前完成自查并报送整改清单。"
                + "二、有关要求\n各单位要高度重视，确保检查工作落到实处。";
        String officeId = given(as(officeWriter)).contentType(ContentType.JSON)
                .body(Map.of("title", marker + "专项检查工作安排", "content", text, "collection", "office"))
                .post("/api/v1/documents").then().statusCode(202).extract().path("id");
        // the same text in another collection is a document of its own there, not a duplicate of the first
        Response financeCopy = given(as(financeWriter)).contentType(ContentType.JSON)
                .body(Map.of("title", marker + "专项检查工作安排", "content", text))
                .post("/api/v1/documents");
        financeCopy.then().statusCode(202).body("status", equalTo("accepted"));
        String financeId = financeCopy.path("id");
        assertThat(financeId).isNotEqualTo(officeId);
        given(as(officeWriter)).contentType(ContentType.JSON).body(Map.of("content", "越权写入", "collection", "finance"))
                .post("/api/v1/documents").then().statusCode(403)
                .body("type", equalTo("urn:docsearch:problem:collection-forbidden"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given(as(officeReader))
                .get("/api/v1/documents/" + officeId + "/status").then().statusCode(200).body("status", equalTo("embedded")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given(as(financeReader))
                .get("/api/v1/documents/" + financeId + "/status").then().statusCode(200).body("status", equalTo("embedded")));

        // the document's own sentence, so that by meaning too it is the nearest of its collection
        String query = marker + "专项检查由办公室牵头，各科室配合，月底前完成自查并报送整改清单";
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            // a status says a version is in; searches see it after the next refresh (the stage's own once caught up,
            // else the index's: 2 min for meaning)
            JsonPath office = await().atMost(Duration.ofSeconds(150)).until(() -> given(as(officeReader))
                    .queryParam("q", query).queryParam("mode", mode).get("/api/v1/search").then().statusCode(200)
                    .extract().jsonPath(), found -> found.getList("hits.id", String.class).contains(officeId));
            assertThat(office.getList("hits.id", String.class)).as(mode).doesNotContain(financeId);
            assertThat(office.getList("hits.collection", String.class)).as(mode).containsOnly("office");
            JsonPath finance = await().atMost(Duration.ofSeconds(45)).until(() -> given(as(financeReader))
                    .queryParam("q", query).queryParam("mode", mode).get("/api/v1/search").then().statusCode(200)
                    .extract().jsonPath(), found -> found.getList("hits.id", String.class).contains(financeId));
            assertThat(finance.getList("hits.id", String.class)).as(mode).doesNotContain(officeId);
        }
        assertThat(given(as(financeReader)).queryParam("q", "\"" + marker + "\"").queryParam("mode", "keyword")
                .get("/api/v1/search").then().extract().jsonPath().getInt("total")).isEqualTo(1);

        String missing = UUID.randomUUID().toString();
        for (String path : List.of("", "/status", "/similar", "/duplicates")) {
            Response hidden = given(as(financeReader)).get("/api/v1/documents/" + officeId + path);
            Response absent = given(as(financeReader)).get("/api/v1/documents/" + missing + path);
            assertThat(hidden.statusCode()).as(path).isEqualTo(404).isEqualTo(absent.statusCode());
            assertThat(hidden.<String>path("type")).as(path).isEqualTo(absent.path("type"));
            assertThat(hidden.<String>path("detail").replace(officeId, "ID"))
                    .isEqualTo(absent.<String>path("detail").replace(missing, "ID"));
        }
        given(as(officeReader)).get("/api/v1/documents/" + officeId).then().statusCode(200)
                .body("collection", equalTo("office"));
        given(as(officeReader)).get("/api/v1/documents/" + officeId + "/duplicates").then().statusCode(200)
                .body("documents.id", not(hasItem(financeId)));
        given(as(officeReader)).get("/api/v1/documents/" + officeId + "/similar").then().statusCode(200)
                .body("documents.id", not(hasItem(financeId)));

        List<String> similarForFinance = given(as(financeReader)).contentType(ContentType.JSON)
                .body(Map.of("text", marker + "专项检查由办公室牵头，各科室配合，月底前完成自查并报送整改清单。"))
                .post("/api/v1/passages/similar").then().statusCode(200).extract().jsonPath().getList("passages.documentId");
        assertThat(similarForFinance).contains(financeId).doesNotContain(officeId);

        given(as(financeWriter)).delete("/api/v1/documents/" + officeId).then().statusCode(404);
        given(as(officeReader)).get("/api/v1/documents/" + officeId).then().statusCode(200);
    }

    @Test
    void aWriterSeesItsOwnJobsAndAnAdminEveryones() {
        String job = given(as(officeWriter)).contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(Map.of("content", "办公室批量任务" + UUID.randomUUID()))))
                .post("/api/v1/jobs").then().statusCode(202).extract().path("id");
        given(as(officeWriter)).get("/api/v1/jobs/" + job).then().statusCode(200);
        given(as(financeWriter)).get("/api/v1/jobs/" + job).then().statusCode(404);
        given(as(financeWriter)).get("/api/v1/jobs").then().statusCode(200).body("jobs.id", not(hasItem(job)));
        given(as(platform.adminKey())).get("/api/v1/jobs").then().statusCode(200).body("jobs.id", hasItem(job));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given(as(officeWriter)).get("/api/v1/jobs/" + job)
                .then().body("state", equalTo("done")).body("items[0].status", equalTo("accepted")));
        String id = given(as(officeWriter)).get("/api/v1/jobs/" + job).then().extract().path("items[0].id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given(as(officeReader)).get("/api/v1/documents/" + id)
                .then().statusCode(200).body("collection", equalTo("office")));
        given(as(financeReader)).get("/api/v1/documents/" + id).then().statusCode(404);
    }

    @Test
    void statisticsCountTheCallersCollectionsOnly() {
        String officeDocument = given(as(officeWriter)).contentType(ContentType.JSON)
                .body(Map.of("content", "办公室统计" + UUID.randomUUID())).post("/api/v1/documents").then().statusCode(202)
                .extract().path("id");
        given(as(financeWriter)).contentType(ContentType.JSON).body(Map.of("content", "财务科统计" + UUID.randomUUID()))
                .post("/api/v1/documents").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given(as(officeReader))
                .get("/api/v1/documents/" + officeDocument).then().statusCode(200));
        String officeAdmin = createKey("办公室管理员", "admin", "office");
        JsonPath office = given(as(officeAdmin)).get("/api/v1/admin/stats").then().statusCode(200).extract().jsonPath();
        assertThat(office.getList("collections.collection", String.class)).containsExactly("office");
        assertThat(office.getLong("collections[0].accepted")).isPositive();
        assertThat(office.getLong("collections[0].indexed")).isPositive();
        assertThat(office.getLong("totals.accepted")).isEqualTo(office.getLong("collections[0].accepted"));
        JsonPath all = given(as(platform.adminKey())).get("/api/v1/admin/stats").then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("collections.collection", String.class)).contains("office", "finance");
        assertThat(all.getLong("totals.accepted")).isGreaterThan(office.getLong("totals.accepted"));
        given(as(officeWriter)).get("/api/v1/admin/stats").then().statusCode(403);
    }

    private static RequestSpecification as(String key) {
        return given().baseUri(platform.gatewayUrl()).header(LocalPlatform.API_KEY_HEADER, key);
    }

    private static String createKey(String name, String role, String collection) {
        return given(as(platform.adminKey())).contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", role, "collections", List.of(collection)))
                .post("/api/v1/admin/keys").then().statusCode(201).extract().path("secret");
    }
}
