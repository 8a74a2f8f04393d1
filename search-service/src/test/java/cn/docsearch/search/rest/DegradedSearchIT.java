package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
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
 * Never a timeout that words could have answered (issue 28): a semantic or hybrid search whose query vector is not
 * ready in time (here no time at all is given) answers 200 with the keyword side's results, says {@code degraded:
 * ["semantic"]}, offers no cursor, and is counted; the vector is computed all the same, so the same query asked a
 * moment later is answered by meaning too.
 */
@QuarkusTest
@TestProfile(DegradedSearchIT.NoTimeForVectors.class)
@WithTestResource(InfrastructureTestResource.class)
class DegradedSearchIT {
    private static final String TOPIC = "documents-degraded";

    public static class NoTimeForVectors implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("search.consumer.topic", TOPIC, "search.index.alias", "degraded",
                    "search.consumer.group-id", "search-degraded", "search.embedding.group-id", "search-degraded-embedder",
                    "search.semantic.query-embedding-timeout", "0s");
        }
    }

    @Inject
    ObjectMapper objectMapper;

    @Test
    void aSearchWithoutItsVectorIsAnsweredByWordsAndSaysSo() throws Exception {
        String id;
        try (TopicWriter topic = new TopicWriter(objectMapper, TOPIC)) {
            id = topic.publish("关于农村饮水安全工程建设的通知", "今年完成农村饮水安全巩固提升工程二十处，水质检测合格率达到百分之九十五。");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/documents/" + id + "/status").then().statusCode(200).body("status", equalTo("embedded")));

        // words of the document, a new query per mode (a vector once computed is cached)
        for (Map.Entry<String, String> modeAndQuery : Map.of("hybrid", "饮水安全工程", "semantic", "水质检测合格率").entrySet()) {
            String mode = modeAndQuery.getKey();
            String query = modeAndQuery.getValue();
            Response degraded = given().queryParam("q", query).queryParam("mode", mode).queryParam("size", 1).get("/search");
            degraded.then().statusCode(200).body("mode", equalTo(mode)).body("degraded", equalTo(List.of("semantic")))
                    .body("next", nullValue()).body("hits.id", hasItem(id));
            // the keyword side's hit: no vector similarity in its explanation
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Response again = given().queryParam("q", query).queryParam("mode", mode).queryParam("explain", true)
                        .get("/search");
                again.then().statusCode(200).body("degraded", nullValue());
                assertThat(again.<Float>path("hits[0].explain.vectorSimilarity")).isNotNull();
            });
        }
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("docsearch_search_degraded_total{mode=\"hybrid\",side=\"semantic\"} 1.0")
                .contains("docsearch_search_degraded_total{mode=\"semantic\",side=\"semantic\"} 1.0");
    }
}
