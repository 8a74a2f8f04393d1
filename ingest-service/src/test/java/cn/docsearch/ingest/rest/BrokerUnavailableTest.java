package cn.docsearch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.docsearch.infra.TestInfrastructure;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Kafka unreachable: the request must end in a bounded time with 503, not hang or answer 202. */
@QuarkusTest
@TestProfile(BrokerUnavailableTest.NoBroker.class)
class BrokerUnavailableTest {

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
}
