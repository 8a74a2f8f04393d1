package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
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
class GatewayEndToEndIT {
    private static RequestSpecification gateway;

    @BeforeAll
    static void platform() {
        LocalPlatform platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        gateway = new RequestSpecBuilder().setBaseUri(platform.gatewayUrl())
                .addHeader(LocalPlatform.API_KEY_HEADER, platform.adminKey()).build();
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
        // by words, the decoy never matches (by meaning it may rank below, since it is about production too)
        given(gateway).queryParam("q", "新质生产力").queryParam("mode", "keyword").get("/api/v1/search")
                .then().statusCode(200).body("hits.id", hasItem(id)).body("hits.id", not(hasItem(decoy)));
        Map<String, Object> hit = hit(response, id);
        assertThat((String) hit.get("titleHighlight")).contains("<em>新质生产力</em>");
        @SuppressWarnings("unchecked")
        Map<String, Object> snippet = (Map<String, Object>) hit.get("snippet");
        assertThat((String) snippet.get("text")).contains("<em>新质生产力</em>");

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

    @Test
    void docxAndGbkTextUploadedTogetherAreBothSearchable() {
        String marker = uniqueWord();
        byte[] docx = MinimalDocx.of("关于加强防汛工作的通知", "一、总体要求", "各乡镇要压实防汛责任，做好" + marker + "物资储备。");
        byte[] gbk = ("汛期值班安排\n请各单位严格执行24小时值班制度，" + marker + "值班表附后。")
                .getBytes(java.nio.charset.Charset.forName("GBK"));
        Response response = given(gateway)
                .multiPart("file", "notice.docx", docx, "application/octet-stream")
                .multiPart("file", "duty.txt", gbk, "text/plain")
                .post("/api/v1/documents");
        response.then().statusCode(200).body("accepted", equalTo(2)).body("refused", equalTo(0));
        String docxId = response.path("items.find { it.name == 'notice.docx' }.id");
        String txtId = response.path("items.find { it.name == 'duty.txt' }.id");

        awaitHit(marker + " 物资储备", docxId);
        Map<String, Object> hit = hit(awaitHit(marker + " 值班", txtId), txtId);
        assertThat(hit.get("title")).isEqualTo("汛期值班安排");
        given(gateway).get("/api/v1/documents/" + docxId).then().statusCode(200)
                .body("title", equalTo("关于加强防汛工作的通知"))
                .body("headings", hasItem("一、总体要求"))
                .body("fileName", equalTo("notice.docx"));
    }

    @Test
    void zipWithACorruptMemberReportsItAndIndexesTheRest() throws Exception {
        String marker = uniqueWord();
        byte[] zip = zip(Map.of(
                "会议材料/纪要.docx", MinimalDocx.of("专题会议纪要", "会议研究了" + marker + "项目推进工作。"),
                "会议材料/损坏.docx", java.util.Arrays.copyOf(MinimalDocx.of("损坏的文件"), 200),
                "会议材料/讲话.txt", ("领导讲话\n要抓好" + marker + "项目落实。").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Response response = given(gateway).multiPart("file", "materials.zip", zip, "application/zip").post("/api/v1/documents");
        response.then().statusCode(200)
                .body("accepted", equalTo(2))
                .body("refused", equalTo(1))
                .body("items.find { it.status == 'refused' }.name", equalTo("materials.zip/会议材料/损坏.docx"))
                .body("items.find { it.status == 'refused' }.problem.status", equalTo(422));
        List<String> ids = response.path("items.findAll { it.status == 'accepted' }.id");
        for (String id : ids) {
            awaitHit(marker, id);
        }
    }

    @Test
    void deleteRemovesADocumentFromSearchAndADuplicateIsRecognised() {
        String marker = uniqueWord();
        Map<String, Object> document = Map.of("title", "临时通知", "content", "关于" + marker + "临时停电的通知。");
        String id = submit(document);
        given(gateway).contentType(ContentType.JSON).body(document).post("/api/v1/documents")
                .then().statusCode(200).body("status", equalTo("duplicate")).body("id", equalTo(id));
        awaitHit(marker, id);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given(gateway).get("/api/v1/documents/" + id + "/status")
                .then().statusCode(200).body("status", equalTo("embedded")).body("version", equalTo(1)));
        given(gateway).delete("/api/v1/documents/" + id).then().statusCode(202).body("status", equalTo("deleted"));
        given(gateway).get("/api/v1/documents/" + id + "/status").then().statusCode(404);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given(gateway).queryParam("q", marker).get("/api/v1/search").then().body("hits.id", not(hasItem(id))));
        given(gateway).get("/api/v1/documents/" + id).then().statusCode(404);
        given(gateway).delete("/api/v1/documents/" + id).then().statusCode(404)
                .body("type", equalTo("urn:docsearch:problem:document-not-found"));
    }

    @Test
    void newVersionUnderTheSameClientIdReplacesTheOldOneInSearch() {
        String clientId = "notice-" + uniqueWord();
        String before = uniqueWord();
        String after = uniqueWord();
        String id = submit(Map.of("clientId", clientId, "title", "停水通知", "content", "因管道维修，" + before + "片区停水。"));
        awaitHit(before, id);
        given(gateway).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "title", "停水通知（更正）", "content", "因管道维修，" + after + "片区停水。"))
                .post("/api/v1/documents")
                .then().statusCode(202).body("id", equalTo(id)).body("version", equalTo(2));
        // by words: in hybrid mode the old version's vector can already match the new word (both are e2e + letters)
        awaitHit(after, id, "keyword");
        given(gateway).queryParam("q", before).queryParam("mode", "keyword").get("/api/v1/search")
                .then().body("hits.id", not(hasItem(id)));
        // whatever ranks it, no passage of the old version is ever shown
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given(gateway).get("/api/v1/documents/" + id + "/status")
                .then().body("status", equalTo("embedded")).body("version", equalTo(2)));
        for (String mode : List.of("hybrid", "semantic", "keyword")) {
            given(gateway).queryParam("q", "停水通知 " + before).queryParam("mode", mode).queryParam("passages", true)
                    .get("/api/v1/search").then().statusCode(200)
                    .body("hits.passages.flatten().text", everyItem(not(containsString(before))))
                    .body("hits.snippet.text", everyItem(not(containsString(before))));
        }
        given(gateway).get("/api/v1/documents/" + id).then().body("title", equalTo("停水通知（更正）")).body("version", equalTo(2));
    }

    @Test
    void badUploadIsAProblemNamingTheFile() {
        given(gateway).multiPart("file", "setup.exe", new byte[] {0x4D, 0x5A, (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0}, "application/octet-stream")
                .post("/api/v1/documents")
                .then().statusCode(415).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("setup.exe: "));
    }

    /** Letters only: IK keeps an ASCII word whole, so it finds just this test's documents. */
    private static String uniqueWord() {
        StringBuilder word = new StringBuilder("e2e");
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    /** A zip of the entries, in the map's order. */
    static byte[] zip(Map<String, byte[]> entries) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void meaningCopiesAndTokensThroughTheGateway() {
        String original = submit(Map.of("title", "食用菌产业发展情况报告", "content", "一、主要做法\n"
                + "我县依托龙头企业发展食用菌产业，由龙头企业统一提供菌种、技术指导和保底收购，带动一千二百户农户稳定增收。\n"
                + "二、下一步打算\n继续扩大种植规模，建设冷链仓储设施。"));
        String note = submit(Map.of("title", "学习心得", "content", "一、学习体会\n"
                + "该县依托龙头企业发展食用菌产业，由龙头企业统一提供菌种、技术指导和保底收购，带动一千多户农户稳定增收。\n"
                + "二、几点启示\n发展特色产业要因地制宜，久久为功。"));
        for (String id : List.of(original, note)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given(gateway).get("/api/v1/documents/" + id + "/status")
                    .then().statusCode(200).body("status", equalTo("embedded")));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given(gateway)
                .queryParam("q", "山区种蘑菇怎样让农民有稳定收入").queryParam("mode", "semantic").queryParam("passages", true)
                .get("/api/v1/search")
                .then().statusCode(200).body("hits.id", hasItem(original)).body("hits[0].passages", not(empty()))
                .body("mode", equalTo("semantic")));
        given(gateway).queryParam("q", "食用菌").queryParam("mode", "fuzzy").get("/api/v1/search").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("urn:docsearch:problem:invalid-query"));
        given(gateway).queryParam("q", "食用菌 保底收购").queryParam("explain", true).get("/api/v1/search").then()
                .statusCode(200).body("hits[0].explain.fusedScore", notNullValue());

        given(gateway).contentType(ContentType.JSON)
                .body(Map.of("text", "依托龙头企业发展食用菌产业，龙头企业统一提供菌种、技术指导和保底收购，带动**户农户稳定增收。"))
                .post("/api/v1/passages/similar").then().statusCode(200)
                .body("passages.findAll { it.copied }.documentId", hasItem(original));
        given(gateway).get("/api/v1/documents/" + note + "/duplicates").then().statusCode(200)
                .body("documents.id", hasItem(original));
        given(gateway).get("/api/v1/documents/" + note + "/similar").then().statusCode(200)
                .body("documents.id", hasItem(original)).body("documents.id", not(hasItem(note)));
        given(gateway).queryParam("text", "深刻领会九个必须").get("/api/v1/analyze").then().statusCode(200)
                .body("analyzer", equalTo("ik_smart")).body("tokens.token", hasItem("必须"));
        given(gateway).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/api/v1/passages/similar"))
                .body("paths", hasKey("/api/v1/documents/{id}/duplicates"));
    }

    @Test
    void anAdministratorRebuildsTheIndexWhileItStaysSearchable() {
        String id = submit(Map.of("title", "关于城区供水管网改造的情况汇报",
                "content", "今年完成老旧供水管网改造四十公里，漏损率明显下降。"));
        byte[] file = "供水管网巡检记录\n本周巡检供水管网十二公里，发现并处置漏点三处。".getBytes(StandardCharsets.UTF_8);
        String uploaded = given(gateway).multiPart("file", "巡检记录.txt", file, "text/plain").post("/api/v1/documents")
                .then().statusCode(202).extract().path("id");
        awaitHit("供水管网", id, "keyword");
        awaitHit("巡检 漏点", uploaded, "keyword");
        String live = given(gateway).get("/api/v1/admin/index").then().statusCode(200).extract().path("live.index");
        String building = given(gateway).post("/api/v1/admin/index/rebuild").then().statusCode(202)
                .body("live.index", equalTo(live)).extract().path("building.index");
        assertThat(building).isNotEqualTo(live);
        given(gateway).post("/api/v1/admin/index/rebuild").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("urn:docsearch:problem:rebuild-in-progress"));
        given(gateway).queryParam("q", "供水管网").queryParam("mode", "keyword").get("/api/v1/search").then()
                .statusCode(200).body("hits.id", hasItem(id));
        // the new index embeds every document of the suite so far again before it goes live: usually under 30 s here,
        // once 128 s on a busy machine; a bound, not a speed target
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given(gateway).get("/api/v1/admin/index").then().statusCode(200)
                        .body("live.index", equalTo(building)).body("$", not(hasKey("building"))));
        given(gateway).queryParam("q", "供水管网").queryParam("mode", "keyword").get("/api/v1/search").then()
                .statusCode(200).body("hits.id", hasItem(id));
        // the original lives beside the index, in Kafka: a rebuilt index still leads to it
        assertThat(given(gateway).get("/api/v1/documents/" + uploaded + "/original").then().statusCode(200)
                .extract().asByteArray()).isEqualTo(file);
    }

    private static String submit(Map<String, Object> document) {
        return given(gateway).contentType(ContentType.JSON).body(document)
                .post("/api/v1/documents")
                .then().statusCode(202).extract().path("id");
    }

    private static Response awaitHit(String query, String id) {
        return awaitHit(query, id, "hybrid");
    }

    /** Whether the document is found, not how a page shows it: with folding off, a near-identical better hit cannot hide it. */
    private static Response awaitHit(String query, String id, String mode) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    given(gateway).queryParam("q", query).queryParam("mode", mode).queryParam("fold", false)
                            .get("/api/v1/search").then().statusCode(200).body("hits.id", hasItem(id)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // where the document stood: not indexed yet, or indexed and not ranked
            throw new AssertionError(String.format("%s not found by '%s' in %s mode within 30 s; its status: %s; by words: %s",
                    id, query, mode, given(gateway).get("/api/v1/documents/" + id + "/status").asString(),
                    given(gateway).queryParam("q", query).queryParam("mode", "keyword").get("/api/v1/search").asString()), e);
        }
        return given(gateway).queryParam("q", query).queryParam("mode", mode).queryParam("fold", false).get("/api/v1/search");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hit(Response response, String id) {
        List<Map<String, Object>> hits = response.path("hits");
        return hits.stream().filter(h -> id.equals(h.get("id"))).findFirst().orElseThrow();
    }
}
