package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.InfrastructureTestResource;
import cn.docsearch.search.support.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Queries first (issue 28): while the model embeds a document of more than a million characters (2,900 passages,
 * every passage thread busy for minutes), hybrid searches with new queries, whose vectors are not cached, answer
 * 200 within {@link #BOUND}, by meaning too: a query's vector is computed on a lane of its own, never queued behind
 * the passages. Meanwhile the backlog is visible: the document's status says where it is in the embedding queue,
 * searches by meaning say how many documents they cannot see yet, the statistics count them.
 */
@QuarkusTest
@TestProfile(SearchUnderLoadIT.OwnTopic.class)
@WithTestResource(InfrastructureTestResource.class)
class SearchUnderLoadIT {
    private static final String TOPIC = "documents-load";
    /**
     * The query-embedding timeout (2 s, after which a search answers by words alone) plus a second for its
     * Elasticsearch requests on a machine whose cores the embedding keeps busy.
     */
    private static final Duration BOUND = Duration.ofSeconds(3);
    private static final List<String> QUESTIONS = List.of("老人吃饭难怎么解决", "孩子放学后没人照看", "河里的水变清了吗",
            "夜里路灯不亮怎么办", "农民的粮食卖不出去", "年轻人回乡创业", "山里的茶叶怎么卖到城里", "看病排队时间太长",
            "垃圾乱扔没人管", "冬天取暖费用太高", "小区停车位不够", "网上办事不会操作");

    public static class OwnTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("search.consumer.topic", TOPIC, "search.index.alias", "load",
                    "search.consumer.group-id", "search-load", "search.embedding.group-id", "search-load-embedder");
        }
    }

    @Inject
    ObjectMapper objectMapper;

    @Test
    void hybridSearchesAnswerByMeaningWhileABookLengthDocumentIsEmbedded() throws Exception {
        String canteen;
        try (TopicWriter topic = new TopicWriter(objectMapper, TOPIC)) {
            canteen = topic.publish("关于社区老年食堂运营情况的报告", "全区新建社区老年食堂十二个，为七十岁以上老人提供每餐八元的午餐，行动不便的送餐上门。");
            topic.publish("城区照明设施维护通知", "各街道要在本月底前排查辖区路灯，损坏的灯具三日内修复。");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/documents/" + canteen + "/status").then().statusCode(200).body("status", equalTo("embedded")));
        // both counted as embedded too (the backlog counts the vectors index as of its last refresh, within 5 s once the stage has caught up), so
        // that the long document below has nothing ahead of it
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/admin/index/stats").then().statusCode(200).body("embeddingBacklog.documents", equalTo(0)));

        List<TopicWriter.Section> sections = new ArrayList<>();
        int characters = 0;
        for (int s = 0; s < 145; s++) {
            List<String> paragraphs = new ArrayList<>();
            for (int p = 0; p < 20; p++) {
                String paragraph = ("第" + (s * 20 + p + 1) + "条：各责任单位要对照年度目标逐项细化工作措施，明确牵头领导、责任科室和完成时限，"
                        + "建立周调度、月通报、季考核的推进机制，对进度滞后的事项及时约谈提醒，确保各项任务落地见效。").repeat(4);
                paragraphs.add(paragraph);
                characters += paragraph.length();
            }
            sections.add(new TopicWriter.Section(List.of("第" + (s + 1) + "部分"), paragraphs));
        }
        assertThat(characters).isGreaterThan(1_000_000);
        try (TopicWriter topic = new TopicWriter(objectMapper, TOPIC)) {
            topic.publish("long-plan", 1, "年度重点任务分解方案", sections);
        }
        // the embedding stage is at work on it once it is searchable by words
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().get("/documents/long-plan/status").then().statusCode(200).body("status", equalTo("indexed")));

        // the backlog is visible: to the document's owner, to every searcher, to the administrator
        given().get("/documents/long-plan/status").then().statusCode(200).body("status", equalTo("indexed"))
                .body("embeddingQueue.documents", equalTo(0));
        given().get("/admin/index/stats").then().statusCode(200).body("embeddingBacklog.documents", equalTo(1));

        List<Long> millis = new ArrayList<>();
        int degraded = 0;
        for (String question : QUESTIONS) {
            long started = System.nanoTime();
            Response response = given().queryParam("q", question).queryParam("mode", "hybrid").get("/search");
            millis.add((System.nanoTime() - started) / 1_000_000);
            response.then().statusCode(200).body("awaitingEmbedding", equalTo(1));
            if (response.path("degraded") != null) {
                degraded++;
            }
        }
        given().get("/documents/long-plan/status").then().body("status", not(equalTo("embedded")));
        System.out.printf("hybrid searches while embedding %d characters: %s ms, %d degraded%n", characters, millis, degraded);
        assertThat(millis).allSatisfy(took -> assertThat(took).isLessThan(BOUND.toMillis()));
        assertThat(degraded).as("searches answered by words alone").isZero();
        // and by meaning: the canteen report answers a question that shares no word with it
        Response meaning = given().queryParam("q", "老人吃饭难怎么解决").queryParam("mode", "hybrid").get("/search");
        assertThat(meaning.<List<String>>path("hits.id")).first().isEqualTo(canteen);
    }
}
