package cn.docsearch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.lessThan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.docsearch.infra.TestInfrastructure;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Kafka unreachable: the request must end in a bounded time with 503, not hang or answer 202. */
@QuarkusTest
@TestProfile(BrokerUnavailableIT.NoBroker.class)
class BrokerUnavailableIT {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + TestInfrastructure.unusedPort(), "ingest.publish-timeout", "3s");
        }
    }

    @Test
    void answers503ProblemWithinThePublishTimeout() {
        given().contentType("text/plain; charset=UTF-8").body("Kafka 不可用时的测试文档")
                .when().post("/documents")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:broker-unavailable"))
                .time(lessThan(15_000L));
    }

    /** One file at POST /documents/files is still a 503 problem, not a refused item: nothing about the file is wrong. */
    @Test
    void oneFileAsABatchAnswers503Problem() {
        given().multiPart("file", "通知.txt", "Kafka 不可用时上传的文件".getBytes(StandardCharsets.UTF_8), "text/plain")
                .when().post("/documents/files")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:broker-unavailable"))
                .time(lessThan(15_000L));
    }

    /** Once Kafka could not take one item, the rest of the batch is refused at once, not after a wait per item. */
    @Test
    void aBatchAnswersWithEveryItemRefusedWithinOneWait() {
        List<Map<String, String>> documents = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            documents.add(Map.of("content", "Kafka 不可用时的批量文档" + i));
        }
        given().contentType(ContentType.JSON).body(Map.of("documents", documents))
                .when().post("/documents/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(0))
                .body("refused", equalTo(20))
                .body("items.problem.type", everyItem(equalTo("urn:docsearch:problem:broker-unavailable")))
                .time(lessThan(15_000L));
    }
}
