package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.InfrastructureTestResource;
import cn.docsearch.search.support.TopicWriter;
import cn.docsearch.search.support.TopicWriter.Section;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Words written together rank documents that have them together first, whatever the documents' lengths: many short
 * texts containing 九个 and 必须 apart beside long reports, one of which says 九个必须.
 */
@QuarkusTest
@WithTestResource(InfrastructureTestResource.class)
class KeywordRankingIT {
    private static final String[] OPENINGS = {"九个村庄", "九月霜天", "九个春秋", "九曲溪畔", "九个渡口", "九重山下"};
    private static final String[] MIDDLES = {"秋风吹过稻田", "雁阵掠过长空", "炊烟升起屋顶", "细雨打湿石阶", "月色洒满河滩"};
    private static final String[] ENDINGS = {"游子必须早归", "农人必须抢收", "行人必须赶路", "渔船必须回港", "少年必须读书"};

    @Inject
    ObjectMapper objectMapper;

    @Test
    void aLongReportSayingTheWordsTogetherOutranksShortTextsHavingThemApart() throws Exception {
        String marker = "实验" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000);
        String report;
        List<String> shortTexts = new ArrayList<>();
        try (TopicWriter topic = new TopicWriter(objectMapper)) {
            Random random = new Random(7);
            for (int i = 0; i < 300; i++) {
                String id = UUID.randomUUID().toString();
                topic.publishQuietly(id, "短诗" + i, OPENINGS[random.nextInt(OPENINGS.length)] + "，"
                        + MIDDLES[random.nextInt(MIDDLES.length)] + "，" + ENDINGS[random.nextInt(ENDINGS.length)] + "。" + marker);
                shortTexts.add(id);
            }
            topic.flush();
            topic.publish("县委理论学习中心组学习情况报告", longReport(false, marker));
            report = topic.publish("深入学习贯彻全会精神的体会", longReport(true, marker));
            topic.publish("乡村振兴工作总结", longReport(false, marker));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().queryParam("q", marker).queryParam("mode", "keyword").get("/search").then()
                        .body("total", equalTo(303)));
        for (String mode : List.of("keyword", "hybrid")) {
            List<String> ids = given().queryParam("q", "九个必须").queryParam("mode", mode).get("/search")
                    .then().statusCode(200).extract().path("hits.id");
            assertThat(ids).as(mode).first().isEqualTo(report);
        }
        List<String> ids = given().queryParam("q", "九个必须").queryParam("mode", "keyword").queryParam("size", 20)
                .get("/search").then().extract().path("hits.id");
        assertThat(ids).as("short texts with both words apart still match").containsAnyElementsOf(shortTexts);
    }

    /** About 3,000 characters in six sections; only the one asked for says 九个必须, the others have 九 and 必须 apart. */
    private static List<Section> longReport(boolean sayNineMusts, String marker) {
        List<Section> sections = new ArrayList<>();
        String[] headings = {"一、总体情况", "二、主要做法", "三、存在问题", "四、下一步打算", "五、保障措施", "六、工作要求"};
        for (int s = 0; s < headings.length; s++) {
            List<String> paragraphs = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                paragraphs.add("今年以来，我们围绕中心工作，组织开展专题学习" + (s * 4 + p + 1) + "次，覆盖党员干部一千二百余人次，"
                        + "推动各项任务落地见效。各级领导干部必须带头学习，做到学深悟透、融会贯通，切实把学习成果转化为推动发展的"
                        + "实际成效。全年共走访九个乡镇的基层单位，收集意见建议六十余条。" + marker);
            }
            if (sayNineMusts && s == 3) {
                paragraphs.set(2, "深刻领会“九个必须”的丰富内涵，把握其中蕴含的立场观点方法，在学懂弄通做实上下功夫。");
            }
            sections.add(new Section(List.of(headings[s]), paragraphs));
        }
        return sections;
    }
}
