package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.TestInfrastructure;
import cn.docsearch.search.InfrastructureTestResource;
import cn.docsearch.search.dictionary.DictionaryEvent;
import cn.docsearch.search.support.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The dictionary managed at run time, on the real Kafka and Elasticsearch with our IK plugin: a synonym added through
 * the API finds a document it did not find before and stops finding it once removed, without a rebuild; extension
 * words and stopwords change how texts are cut once the rebuild started by the update has made its index live, and
 * the synonyms hold in the new index; bad updates are refused at the door.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(DictionaryIT.OwnTopics.class)
@WithTestResource(InfrastructureTestResource.class)
class DictionaryIT {
    private static final String TOPIC = "documents-dictionary-it";
    private static final String DICTIONARY_TOPIC = "dictionary-it.dictionary";
    private static final String SYNONYMS = "乡村振兴, 农村发展";
    private static String rural;
    private static String digital;

    public static class OwnTopics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("search.consumer.topic", TOPIC, "search.index.alias", "dictionary-it",
                    "search.dictionary.topic", DICTIONARY_TOPIC,
                    "search.consumer.group-id", "search-dictionary-it", "search.embedding.group-id", "search-dictionary-it-embedder",
                    "search.index.reconcile-interval", "500ms", "search.dictionary.apply-interval", "500ms");
        }
    }

    @Inject
    ObjectMapper objectMapper;

    @Test
    @Order(1)
    void aSynonymAddedFindsADocumentAndRemovedNoLonger() throws Exception {
        try (TopicWriter topic = new TopicWriter(objectMapper, TOPIC)) {
            rural = topic.publish("关于农村发展工作的报告", "今年农村发展取得新进展，道路、供水等基础设施不断完善。");
            digital = topic.publish("推进数智赋能的通知", "各单位要推进数智赋能与产业发展深度融合。");
            topic.publish("数据平台建设情况", "数据平台的智慧应用赋予基层更多能力，群众办事更方便。");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ids("农村发展")).containsExactly(rural));
        assertThat(ids("乡村振兴")).isEmpty();
        given().get("/admin/dictionary").then().statusCode(200).body("version", equalTo(0))
                .body("synonyms.size()", equalTo(0)).body("rebuildNeeded", equalTo(false));

        update(0, Map.of("synonyms", List.of(" 乡村振兴 ,农村发展 ", SYNONYMS))).then().statusCode(200)
                .body("version", equalTo(1)).body("synonyms", equalTo(List.of(SYNONYMS)))
                .body("synonymsNotApplied", nullValue()).body("rebuildNeeded", equalTo(false));
        // applied by the update itself: no waiting
        assertThat(ids("乡村振兴")).containsExactly(rural);
        assertThat(ids("农村发展")).containsExactly(rural);

        update(1, Map.of("synonyms", List.of())).then().statusCode(200).body("version", equalTo(2));
        assertThat(ids("乡村振兴")).isEmpty();
        assertThat(ids("农村发展")).containsExactly(rural);
    }

    @Test
    @Order(2)
    void badUpdatesAreRefused() {
        update(1, Map.of("synonyms", List.of(SYNONYMS))).then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("urn:docsearch:problem:dictionary-changed"));
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("synonyms", List.of("乡村振兴")),
                Map.<String, Object>of("synonyms", List.of("a => b => c")),
                Map.<String, Object>of("synonyms", List.of("乡村振兴, ")),
                Map.<String, Object>of("synonyms", List.of("的, 了")),
                // a term the dictionary's own stopwords empty
                Map.<String, Object>of("stopwords", List.of("农村"), "synonyms", List.of("乡村, 农村")),
                Map.<String, Object>of("extensionWords", List.of("数智 赋能")),
                Map.<String, Object>of("extensionWords", List.of("很".repeat(33))),
                Map.<String, Object>of("stopwords", IntStream.range(0, 2001).mapToObj(i -> "词" + i).toList()))) {
            update(2, bad).then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:docsearch:problem:invalid-dictionary"));
        }
        given().get("/admin/dictionary").then().statusCode(200).body("version", equalTo(2));
    }

    @Test
    @Order(3)
    void wordsAndStopwordsApplyThroughTheRebuildTheUpdateStarts() throws Exception {
        assertThat(tokens("推进数智赋能", "ik_smart")).contains("推进").doesNotContain("数智赋能");
        String live = given().get("/admin/dictionary").path("liveIndex.index");

        given().contentType(ContentType.JSON).queryParam("rebuild", true)
                .body(Map.of("version", 2, "extensionWords", List.of("数智赋能"), "stopwords", List.of("推进"),
                        "synonyms", List.of(SYNONYMS)))
                .put("/admin/dictionary").then().statusCode(200)
                .body("version", equalTo(3)).body("rebuildStarted", equalTo(true)).body("rebuildNeeded", equalTo(false))
                .body("liveIndex.index", equalTo(live)).body("liveIndex.upToDate", equalTo(false))
                .body("buildingIndex.upToDate", equalTo(true)).body("buildingIndex.dictionaryVersion", equalTo(3));
        // the live index keeps cutting as it did until the new one replaces it
        assertThat(tokens("推进数智赋能", "ik_smart")).contains("推进").doesNotContain("数智赋能");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().get("/admin/dictionary").then().statusCode(200)
                        .body("liveIndex.upToDate", equalTo(true)).body("buildingIndex", nullValue())
                        .body("liveIndex.documents", equalTo(3)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ids("农村发展")).containsExactly(rural));

        assertThat(tokens("推进数智赋能", "ik_smart")).containsExactly("数智赋能");
        assertThat(tokens("推进数智赋能与产业发展", "ik_max_word")).contains("数智赋能").doesNotContain("推进");
        assertThat(ids("数智赋能")).containsExactly(digital);
        // the synonyms hold in the new index too
        assertThat(ids("乡村振兴")).containsExactly(rural);
        // a new stopword may not empty a synonym term already there
        update(3, Map.of("stopwords", List.of("推进", "乡村振兴", "乡村", "振兴"))).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("乡村振兴"));
    }

    /** Kafka is the system of record: a reader of the topic from its beginning gets every version, the last one whole. */
    @Test
    @Order(4)
    void everyVersionIsARecordOfItsTopic() throws Exception {
        List<DictionaryEvent> versions = new ArrayList<>();
        TopicPartition partition = new TopicPartition(DICTIONARY_TOPIC, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(TestInfrastructure.kafkaClientConfig(Map.of()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end) {
                assertThat(giveUp - System.nanoTime()).as("the topic read to its end within 30 s").isPositive();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    assertThat(record.key()).isEqualTo(DictionaryEvent.KEY);
                    versions.add(objectMapper.readValue(record.value(), DictionaryEvent.class));
                }
            }
        }
        // compaction may have dropped older versions, never the last
        assertThat(versions).extracting(DictionaryEvent::version).isSorted().endsWith(3L);
        DictionaryEvent last = versions.get(versions.size() - 1);
        assertThat(last.schema()).isEqualTo(DictionaryEvent.SCHEMA);
        assertThat(last.extensionWords()).containsExactly("数智赋能");
        assertThat(last.stopwords()).containsExactly("推进");
        assertThat(last.synonyms()).containsExactly(SYNONYMS);
    }

    private static Response update(long version, Map<String, Object> lists) {
        Map<String, Object> body = new HashMap<>(lists);
        body.put("version", version);
        return given().contentType(ContentType.JSON).body(body).put("/admin/dictionary");
    }

    private static List<String> ids(String query) {
        return given().queryParam("q", query).queryParam("mode", "keyword").queryParam("fold", false).get("/search")
                .then().statusCode(200).extract().path("hits.id");
    }

    private static List<String> tokens(String text, String analyzer) {
        return given().queryParam("text", text).queryParam("analyzer", analyzer).get("/analyze")
                .then().statusCode(200).extract().path("tokens.token");
    }
}
