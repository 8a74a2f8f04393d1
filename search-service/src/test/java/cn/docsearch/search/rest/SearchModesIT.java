package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.InfrastructureTestResource;
import cn.docsearch.search.support.TopicWriter;
import cn.docsearch.search.support.TopicWriter.Section;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** The three modes on the real node and the real model: sentences, paraphrases, operators, versions, deletes. */
@QuarkusTest
@WithTestResource(InfrastructureTestResource.class)
class SearchModesIT {
    private static String employment;
    private static String waterQuality;
    private static String safetySpeech;
    private static String trafficSafety;
    private static String elderlyCare;
    private static String floodNotice;

    @Inject
    ObjectMapper objectMapper;

    private TopicWriter topic;

    @BeforeEach
    void corpus() throws Exception {
        topic = new TopicWriter(objectMapper);
        if (employment != null) {
            return;
        }
        employment = topic.publish("关于建设农村劳动力就业服务平台的报告", List.of(
                Section.of("一、基本情况", "今年以来，我县把农村劳动力转移就业作为重要民生工程，纳入年度重点任务统筹推进。"),
                Section.of("二、主要做法", "我们开发了就业服务平台手机应用，汇集县内外企业用工需求三千余条，务工人员在手机上即可浏览岗位、"
                        + "投递简历、预约面试，实现线上招聘、远程签约。")));
        waterQuality = topic.publish("南水北调中线水源地保护工作总结", List.of(
                Section.of("一、水源保护", "为确保调水工程的水质安全，我市关停水源地周边排污企业四十二家，建成水质自动监测站十五个，"
                        + "实行水源地网格化巡查。")));
        safetySpeech = topic.publish("在全县安全生产工作会议上的讲话", List.of(
                Section.of(null, "同志们：安全生产责任重于泰山。今年要开展危险化学品、煤矿、道路交通三大领域专项整治，"
                        + "坚决遏制重特大事故发生。")));
        trafficSafety = topic.publish("道路交通安全生产月活动方案", List.of(
                Section.of(null, "活动期间，各部门要围绕道路交通安全生产开展专项整治和宣传教育，组织驾驶人培训和车辆检验。")));
        elderlyCare = topic.publish("社区居家养老服务工作情况", List.of(
                Section.of(null, "我们在每个社区建设日间照料中心，为八十岁以上老人提供助餐、助浴、上门巡诊服务。")));
        floodNotice = topic.publish("关于做好防汛抗旱工作的通知", List.of(
                Section.of(null, "各乡镇要在汛前完成水库、堤防隐患排查，落实抢险队伍和物资储备，确保安全度汛。")));
        for (String id : List.of(employment, waterQuality, safetySpeech, trafficSafety, elderlyCare, floodNotice)) {
            awaitStatus(id, "embedded", 1);
        }
        awaitFound("老人助餐助浴", "semantic", elderlyCare, "助餐");
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void aSentenceQueryThatUsedToFindNothingFindsItsAnswerFirst() {
        for (String mode : List.of("keyword", "hybrid")) {
            Response response = search("怎样保证调水工程的水质安全", mode);
            assertThat(ids(response)).as(mode).first().isEqualTo(waterQuality);
            assertThat(response.<String>path("hits[0].passages[0].text")).contains("<em>水质</em>");
        }
    }

    @Test
    void aParaphraseSharingNoKeyWordIsFoundByMeaning() {
        assertThat(ids(search("农民不出家门就能找到工作", "keyword"))).doesNotContain(employment);
        for (String mode : List.of("semantic", "hybrid")) {
            assertThat(ids(search("农民不出家门就能找到工作", mode))).as(mode).first().isEqualTo(employment);
        }
        Response explained = given().queryParam("q", "农民不出家门就能找到工作").queryParam("explain", true)
                .queryParam("passages", true).get("/search");
        explained.then().statusCode(200).body("mode", equalTo("hybrid"))
                .body("hits[0].explain.vectorRank", equalTo(1))
                .body("hits[0].passages.find { it.text.contains('手机上即可浏览岗位') }.headings", equalTo(List.of("二、主要做法")));
        assertThat(explained.<Float>path("hits[0].explain.vectorSimilarity")).isGreaterThan(0.4f);
        assertThat(explained.<Float>path("hits[0].explain.fusedScore")).isPositive();
    }

    @Test
    void documentsWithEveryTermComeBeforeThoseWithMostOfThem() {
        Response response = given().queryParam("q", "安全生产 危险化学品 道路交通 专项整治").queryParam("mode", "keyword")
                .queryParam("explain", true).get("/search");
        assertThat(ids(response)).startsWith(safetySpeech, trafficSafety);
        response.then().body("hits[0].explain.allTermsMatched", equalTo(true))
                .body("hits[1].explain.allTermsMatched", equalTo(false));
    }

    @Test
    void exclusionPhraseAndOrHoldInEveryMode() {
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            List<String> withoutMines = ids(search("安全生产 -煤矿", mode));
            assertThat(withoutMines).as(mode).doesNotContain(safetySpeech);
            List<String> phrase = ids(search("\"日间照料中心\"", mode));
            assertThat(phrase).as(mode).containsExactly(elderlyCare);
        }
        assertThat(ids(search("安全生产 -煤矿", "keyword"))).contains(trafficSafety);
        assertThat(ids(search("养老 OR 防汛", "keyword"))).containsExactlyInAnyOrder(elderlyCare, floodNotice);
    }

    @Test
    void noPassageOfAnOldVersionOrOfADeletedDocumentIsEverReturned() throws Exception {
        String id = UUID.randomUUID().toString();
        topic.publish(id, 1, "停水通知", List.of(Section.of(null, "因供水管道抢修，青禾街道东片区周三全天停水，请居民提前储水。")));
        awaitStatus(id, "embedded", 1);
        awaitFound("青禾街道停水储水", "semantic", id, "储水");

        topic.publish(id, 2, "停电通知", List.of(Section.of(null, "因变电站检修，云溪镇北片区周五上午停电，请商户做好准备。")));
        awaitStatus(id, "embedded", 2);
        awaitFound("云溪镇变电站检修停电", "semantic", id, "变电站");
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            search("青禾街道停水储水", mode).then()
                    .body("hits.passages.flatten().text", everyItem(not(containsString("储水"))));
        }
        assertThat(ids(search("青禾街道停水储水", "keyword"))).doesNotContain(id);

        topic.delete(id);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/documents/" + id).then().statusCode(404));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String mode : List.of("keyword", "semantic", "hybrid")) {
                assertThat(ids(search("云溪镇变电站检修停电", mode))).as(mode).doesNotContain(id);
            }
        });
    }

    @Test
    void aWholeCopyOfALongDocumentIsReportedPassageByPassage() throws Exception {
        List<Section> sections = List.of(
                Section.of("一、粮食生产", "今年全县粮食播种面积稳定在八十五万亩，推广良种良法，单产比上年提高百分之三。"),
                Section.of("二、农田水利", "新建高标准农田六万亩，疏浚沟渠一百二十公里，改造小型泵站四十座。"),
                Section.of("三、农机服务", "组建农机合作社十八家，机耕机播机收率达到百分之九十二，秸秆全部还田。"),
                Section.of("四、产业融合", "引进农产品加工企业五家，建设冷链仓储中心一处，带动农户增收两千余元。"),
                Section.of("五、农村改革", "完成农村承包地确权颁证，发展村级集体经济，消除集体经济薄弱村十二个。"));
        String original = topic.publish("全县农业农村工作总结", sections);
        String copy = topic.publish("某乡镇农业工作总结（抄）", sections);
        awaitStatus(original, "embedded", 1);
        awaitStatus(copy, "embedded", 1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Response duplicates = given().get("/documents/" + copy + "/duplicates");
            duplicates.then().statusCode(200);
            // every passage paired with its copy, not only the first few the page of a search shows
            assertThat(duplicates.<List<Integer>>path("documents.find { it.id == '" + original + "' }.pairs.position"))
                    .hasSize(5);
            assertThat(duplicates.<Float>path("documents.find { it.id == '" + original + "' }.coverage"))
                    .isGreaterThan(0.95f);
        });
    }

    /**
     * Embedded is searchable after the next refresh, as indexed is: the stage's own once caught up, else the index's
     * (2 min).
     */
    private static void awaitFound(String q, String mode, String id, String passageWord) {
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Response response = search(q, mode);
            assertThat(ids(response)).contains(id);
            assertThat(response.<String>path("hits.find { it.id == '" + id + "' }.passages[0].text")
                    .replace("<em>", "").replace("</em>", "")).contains(passageWord);
        });
    }

    @Test
    void unknownModeIsA400ProblemAndNoStringBreaksSearch() {
        given().queryParam("q", "养老").queryParam("mode", "fuzzy").get("/search").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:invalid-query"))
                .body("detail", containsString("keyword, semantic, hybrid"));
        for (String hostile : List.of("\"", "-", "OR", "OR OR", "((", "*:*", "a AND", "\\", "\"未闭合", "养老 -", "-\"\"",
                "~!@#$%^&*()_+{}|:<>?", "😀🚀", "养老^2", "title:养老", "/正则/", "养".repeat(500), "-养老 -防汛")) {
            for (String mode : List.of("keyword", "semantic", "hybrid")) {
                given().queryParam("q", hostile).queryParam("mode", mode).get("/search").then()
                        .statusCode(lessThan(500));
            }
        }
    }

    @Test
    void statusTellsIndexedFromEmbedded() {
        given().get("/documents/" + elderlyCare + "/status").then().statusCode(200)
                .body("status", equalTo("embedded"))
                .body("embeddedAt", org.hamcrest.Matchers.notNullValue());
        assertThat(ids(search("老人 助餐", "hybrid"))).first().isEqualTo(elderlyCare);
    }

    /** A search whose hits carry their passages, the ones these tests read. */
    private static Response search(String q, String mode) {
        Response response = given().queryParam("q", q).queryParam("mode", mode).queryParam("passages", true).get("/search");
        response.then().statusCode(200).body("mode", equalTo(mode));
        return response;
    }

    private static List<String> ids(Response response) {
        return response.path("hits.id");
    }

    static void awaitStatus(String id, String status, int version) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().get("/documents/" + id + "/status").then().statusCode(200)
                        .body("status", equalTo(status)).body("version", equalTo(version)));
    }
}
