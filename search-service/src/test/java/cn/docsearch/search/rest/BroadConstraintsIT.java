package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * A search by meaning whose quoted phrase or exclusion admits more documents than can be named inside its kNN
 * ({@code search.semantic.max-admitted}, 1 here so that every constraint is "broad"): the nearest documents are checked
 * against the constraint afterwards, and what is shown, counted and faceted still holds it.
 */
@QuarkusTest
@WithTestResource(InfrastructureTestResource.class)
@TestProfile(BroadConstraintsIT.OneAdmitted.class)
class BroadConstraintsIT {
    public static class OneAdmitted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("search.semantic.max-admitted", "1");
        }
    }

    private static String collection;
    private static String clinic;
    private static String community;
    private static String countyHospital;

    @Inject
    ObjectMapper objectMapper;

    private TopicWriter topic;

    @BeforeEach
    void corpus() throws Exception {
        topic = new TopicWriter(objectMapper);
        if (collection != null) {
            return;
        }
        collection = "broad-" + UUID.randomUUID().toString().substring(0, 8);
        clinic = topic.publish(collection, Map.of("tags", List.of("卫生")), "乡镇卫生院工作情况",
                "乡镇卫生院开展家庭医生签约服务，医生定期上门为老人体检和随访慢性病。");
        community = topic.publish(collection, Map.of("tags", List.of("卫生")), "社区卫生服务中心工作要点",
                "社区卫生服务中心组建家庭医生团队，老人可以预约医生上门体检。");
        countyHospital = topic.publish(collection, Map.of("tags", List.of("医疗")), "县医院巡诊活动总结",
                "县医院派出医疗队到各村巡诊，为老人免费体检，送医送药上门。");
        // a fourth the exclusion admits, so that it too admits more than can be named
        String floodNotice = topic.publish(collection, Map.of("tags", List.of("应急")), "防汛工作通知",
                "各乡镇要在汛前完成堤防隐患排查，落实抢险队伍和物资储备。");
        for (String id : List.of(clinic, community, countyHospital, floodNotice)) {
            SearchModesIT.awaitStatus(id, "embedded", 1);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ids(search("医生上门给老人体检", "semantic"))).contains(clinic, community, countyHospital));
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void aPhraseTooBroadToNameStillNarrowsTheResultsTheirCountAndFacets() {
        for (String mode : List.of("semantic", "hybrid")) {
            Response response = search("\"家庭医生\" 医生上门给老人体检", mode);
            assertThat(ids(response)).as(mode).containsExactlyInAnyOrder(clinic, community);
            response.then().body("total", equalTo(2)).body("facets.tags[0].value", equalTo("卫生"))
                    .body("facets.tags[0].count", equalTo(2)).body("facets.tags.size()", equalTo(1));
        }
    }

    @Test
    void anExclusionTooBroadToNameStillExcludes() {
        for (String mode : List.of("semantic", "hybrid")) {
            assertThat(ids(search("医生上门给老人体检 -家庭医生", mode))).as(mode).contains(countyHospital)
                    .doesNotContain(clinic, community);
        }
    }

    private static Response search(String q, String mode) {
        Response response = given().queryParam("q", q).queryParam("mode", mode).queryParam("collections", collection)
                .queryParam("facets", "tags").get("/search");
        response.then().statusCode(200);
        return response;
    }

    private static List<String> ids(Response response) {
        return response.path("hits.id");
    }
}
