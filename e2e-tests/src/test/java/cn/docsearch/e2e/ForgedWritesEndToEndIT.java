package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.http.ContentType;

/**
 * A process that reaches Kafka or Elasticsearch but does not know the platform's logins cannot write around the
 * gateway: before, a forged event on {@code documents} became a searchable document, and a forged tombstone deleted a
 * real one. The platform itself runs on the same logins (every other end-to-end test).
 */
class ForgedWritesEndToEndIT {

    @Test
    void kafkaRefusesAProducerWithoutThePlatformsLogin() {
        LocalPlatform platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        String id = "forged-" + UUID.randomUUID();
        String forged = "{\"schemaVersion\":2,\"id\":\"" + id + "\",\"title\":\"伪造的通知\",\"body\":\"伪造\"}";

        Map<String, Object> wrongPassword = new HashMap<>(platform.kafkaClientConfig());
        wrongPassword.put("sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"docsearch\" password=\"guess\";");
        assertThat(refusal(wrongPassword, id, forged)).isInstanceOf(SaslAuthenticationException.class);

        // no SASL at all: the broker never lets the client in, so it never learns where to send
        Map<String, Object> anonymous = Map.of("bootstrap.servers", platform.kafkaClientConfig().get("bootstrap.servers"));
        assertThat(refusal(anonymous, id, forged)).isInstanceOf(TimeoutException.class);

        // longer than a document takes to be indexed: had either record been written, it would show up
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .baseUri(platform.gatewayUrl()).header(LocalPlatform.API_KEY_HEADER, platform.adminKey())
                .get("/api/v1/documents/" + id + "/status").then().statusCode(404));
    }

    @Test
    void elasticsearchRefusesAWriteWithoutThePlatformsLogin() {
        LocalPlatform platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        String id = "forged-" + UUID.randomUUID();

        given().baseUri(platform.elasticsearchUrl()).contentType(ContentType.JSON)
                .body(Map.of("title", "伪造的通知", "body", "伪造")).put("/documents/_doc/" + id)
                .then().statusCode(401);
        int found = given().baseUri(platform.elasticsearchUrl())
                .header("Authorization", platform.elasticsearchAuthorization()).get("/documents/_doc/" + id)
                .then().extract().statusCode();
        assertThat(found).isEqualTo(404);
    }

    /** The innermost cause of the failure to send; fails the test if the record was sent. */
    private static Throwable refusal(Map<String, Object> config, String key, String value) {
        Throwable thrown = catchThrowable(() -> send(config, key, value));
        assertThat(thrown).as("the forged record was refused").isNotNull();
        while (thrown.getCause() != null) {
            thrown = thrown.getCause();
        }
        return thrown;
    }

    private static void send(Map<String, Object> config, String key, String value) throws Exception {
        Map<String, Object> producerConfig = new HashMap<>(config);
        producerConfig.put("max.block.ms", (int) Duration.ofSeconds(5).toMillis());
        producerConfig.put("delivery.timeout.ms", (int) Duration.ofSeconds(8).toMillis());
        producerConfig.put("request.timeout.ms", (int) Duration.ofSeconds(4).toMillis());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("documents", key, value)).get(20, TimeUnit.SECONDS);
        }
    }
}
