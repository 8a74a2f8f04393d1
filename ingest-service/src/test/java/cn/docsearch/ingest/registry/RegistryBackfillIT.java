package cn.docsearch.ingest.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import cn.docsearch.ingest.topics.TopicReader;

/**
 * A document topic written by a release without the registry topic, found at start-up: its writers take every
 * partition over into the registry topic before their first write, so the documents it holds are known, with their
 * versions, as they were before.
 */
@QuarkusTest
@TestProfile(RegistryBackfillIT.LegacyTopic.class)
class RegistryBackfillIT {
    static final String TOPIC = "legacy-documents";
    /** Uploaded twice, deleted, uploaded again by a release whose versions then restarted at 1. */
    static final String REUPLOADED = UUID.randomUUID().toString();
    static final String DELETED = UUID.randomUUID().toString();
    static final String REUPLOADED_HASH = "sha256:" + "ab".repeat(32);

    public static class LegacyTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.topic", TOPIC, "ingest.registry-topic", TOPIC + ".registry",
                    "ingest.writer-group", "legacy-writers", "ingest.transactional-id-prefix", "legacy-ingest");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LegacyEvents.class));
        }
    }

    /** The real broker, with the old release's events on the topic before the service starts. */
    public static class LegacyEvents implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            LocalPlatform platform = TestInfrastructure.start(java.util.Set.of(LocalPlatform.Component.KAFKA));
            try (Admin admin = Admin.create(TestInfrastructure.kafkaClientConfig());
                 KafkaProducer<String, String> producer = new KafkaProducer<>(TestInfrastructure.kafkaClientConfig(),
                         new StringSerializer(), new StringSerializer())) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(10, TimeUnit.SECONDS);
                // no version headers: these records are ordered by their offsets
                for (ProducerRecord<String, String> record : List.of(
                        new ProducerRecord<>(TOPIC, REUPLOADED, legacyEvent(REUPLOADED, 1, "sha256:" + "01".repeat(32))),
                        new ProducerRecord<>(TOPIC, REUPLOADED, legacyEvent(REUPLOADED, 2, "sha256:" + "02".repeat(32))),
                        new ProducerRecord<String, String>(TOPIC, REUPLOADED, null),
                        new ProducerRecord<>(TOPIC, REUPLOADED, legacyEvent(REUPLOADED, 1, REUPLOADED_HASH)),
                        new ProducerRecord<>(TOPIC, DELETED, legacyEvent(DELETED, 1, "sha256:" + "03".repeat(32))),
                        new ProducerRecord<String, String>(TOPIC, DELETED, null))) {
                    producer.send(record).get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("Could not write the legacy topic", e);
            }
            return platform.kafkaServiceConfig();
        }

        private static String legacyEvent(String id, int version, String contentHash) throws Exception {
            return new ObjectMapper().writeValueAsString(Map.of("schemaVersion", 1, "id", id, "title", "旧版通知",
                    "body", "旧版通知" + version, "metadata", Map.of("tags", List.of(), "charCount", 5, "version", version),
                    "contentHash", contentHash, "ingestedAt", "2026-11-01T00:00:00Z"));
        }

        @Override
        public void stop() {
            // stopped once, when the test JVM exits
        }
    }

    @Test
    void documentsOfTheOldTopicAreKnownWithTheirVersions() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/documents/" + REUPLOADED)
                .then().statusCode(200).body("version", equalTo(1)).body("contentHash", equalTo(REUPLOADED_HASH)));
        given().get("/documents/" + DELETED).then().statusCode(404);

        // the deletion after it is the next version, on the topic and in the registry topic
        given().delete("/documents/" + REUPLOADED).then().statusCode(202);
        assertThat(TopicReader.all(TOPIC, REUPLOADED).stream()
                .filter(record -> record.headers().lastHeader("docsearch-version") != null)
                .map(record -> new String(record.headers().lastHeader("docsearch-version").value(), StandardCharsets.UTF_8)))
                .containsExactly("2");
        assertThat(TopicReader.all(TOPIC + ".registry", REUPLOADED).get(4).value()).contains("\"deleted\":true");
    }

    @Test
    void everyPartitionIsTakenOverOnce() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(TopicReader.all(TOPIC + ".registry", "~backfilled")).hasSize(3));
    }
}
