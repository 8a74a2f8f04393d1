package cn.docsearch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.EventContract;
import cn.docsearch.ingest.KafkaTestResource;
import cn.docsearch.ingest.topics.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/** JSON and plain-text submissions, duplicates, versions, Idempotency-Key and deletes, on the real broker. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DocumentResourceIT {

    @Inject
    ObjectMapper objectMapper;

    @Test
    void jsonDocumentIsAcknowledgedOnlyWithItsEventOnTheTopic() throws Exception {
        String content = "关于推进乡村振兴工作的报告\n一、总体情况\n今年以来，我县坚持以人民为中心，扎实推进乡村振兴。\n县政府办公室\n2024年3月1日";
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("title", "乡村振兴工作报告", "content", content, "source", "县政府办公室",
                        "tags", List.of("乡村振兴", "报告")))
                .when().post("/documents")
                .then().statusCode(202)
                .header("Location", containsString("/documents/"))
                .body("status", equalTo("accepted"))
                .body("version", equalTo(1))
                .body("contentHash", startsWith("sha256:"))
                .extract().path("id");

        JsonNode event = event(id);
        EventContract.assertConforms(event);
        assertThat(event.path("id").asText()).isEqualTo(id);
        assertThat(event.path("title").asText()).isEqualTo("乡村振兴工作报告");
        assertThat(event.path("body").asText()).isEqualTo(content);
        assertThat(event.path("sections").path(0).path("headings").get(0).asText()).isEqualTo("一、总体情况");
        assertThat(event.path("metadata").path("source").asText()).isEqualTo("县政府办公室");
        assertThat(event.path("metadata").path("tags")).extracting(JsonNode::asText).containsExactly("乡村振兴", "报告");
        assertThat(event.path("metadata").path("charCount").asInt()).isEqualTo(content.length());
        assertThat(event.path("metadata").path("documentDate").asText()).isEqualTo("2024-03-01");

        // in the same transaction, its small record on the registry topic, in the same partition
        ConsumerRecord<String, String> eventRecord = TopicReader.all("documents", id).get(0);
        ConsumerRecord<String, String> stateRecord = TopicReader.all("documents.registry", id).get(0);
        assertThat(stateRecord.partition()).isEqualTo(eventRecord.partition());
        JsonNode state = objectMapper.readTree(stateRecord.value());
        EventContract.assertStateConforms(state);
        assertThat(state.path("version").asInt()).isEqualTo(1);
        assertThat(state.path("contentHash").asText()).isEqualTo(event.path("contentHash").asText());
        assertThat(state.path("deleted").asBoolean()).isFalse();
    }

    @Test
    void theDocumentedExampleConformsToTheSchema() throws Exception {
        EventContract.assertConforms(objectMapper.readTree(java.nio.file.Path.of("..", "docs", "events",
                "document-event.example.json").toFile()));
    }

    @Test
    void plainTextUploadTakesItsTitleFromTheQueryOrTheFirstLine() throws Exception {
        String text = "全面从严治党学习心得\r\n通过学习，我深刻认识到全面从严治党永远在路上。" + UUID.randomUUID();
        String id = given().contentType("text/plain; charset=UTF-8").body(text)
                .when().post("/documents")
                .then().statusCode(202).extract().path("id");
        JsonNode event = event(id);
        EventContract.assertConforms(event);
        assertThat(event.path("title").asText()).isEqualTo("全面从严治党学习心得");
        assertThat(event.path("body").asText()).doesNotContain("\r");
        assertThat(event.path("metadata").path("contentType").asText()).isEqualTo("text/plain");
    }

    @Test
    void sameContentTwiceIsRecognisedAndPublishedOnce() {
        String text = "同一份通知，上传两次。" + UUID.randomUUID();
        String first = given().contentType("text/plain; charset=UTF-8").body(text).post("/documents")
                .then().statusCode(202).body("status", equalTo("accepted")).extract().path("id");
        given().contentType("text/plain; charset=UTF-8").queryParam("title", "另一个标题").body(text).post("/documents")
                .then().statusCode(200)
                .body("status", equalTo("duplicate"))
                .body("id", equalTo(first));
        assertThat(TopicReader.all("documents", first)).hasSize(1);
    }

    @Test
    void newContentUnderTheSameClientIdIsANewVersionOfTheSameDocument() throws Exception {
        String clientId = "notice-" + UUID.randomUUID();
        String v1 = given().contentType("text/plain; charset=UTF-8").queryParam("clientId", clientId).body("第一版通知")
                .post("/documents").then().statusCode(202).body("version", equalTo(1)).extract().path("id");
        String v2 = given().contentType("text/plain; charset=UTF-8").queryParam("clientId", clientId).body("第二版通知，内容有修改")
                .post("/documents").then().statusCode(202).body("version", equalTo(2)).extract().path("id");
        assertThat(v2).isEqualTo(v1);
        JsonNode latest = event(v1);
        assertThat(latest.path("body").asText()).isEqualTo("第二版通知，内容有修改");
        assertThat(latest.path("metadata").path("version").asInt()).isEqualTo(2);
        assertThat(latest.path("metadata").path("clientId").asText()).isEqualTo(clientId);
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswerAndRefusesOtherContent() {
        String key = UUID.randomUUID().toString();
        String text = "幂等请求测试" + key;
        String id = given().header("Idempotency-Key", key).contentType("text/plain; charset=UTF-8").body(text)
                .post("/documents").then().statusCode(202).extract().path("id");
        given().header("Idempotency-Key", key).contentType("text/plain; charset=UTF-8").body(text)
                .post("/documents").then().statusCode(202).body("id", equalTo(id)).body("status", equalTo("accepted"));
        assertThat(TopicReader.all("documents", id)).hasSize(1);

        given().header("Idempotency-Key", key).contentType("text/plain; charset=UTF-8").body("别的内容")
                .post("/documents").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:idempotency-key-conflict"));
    }

    @Test
    void deletePublishesATombstoneAndUnknownIdsAre404() {
        String text = "待删除的临时通知" + UUID.randomUUID();
        String id = given().contentType("text/plain; charset=UTF-8").body(text)
                .post("/documents").then().statusCode(202).extract().path("id");
        given().get("/documents/" + id).then().statusCode(200).body("id", equalTo(id)).body("version", equalTo(1));
        given().delete("/documents/" + id).then().statusCode(202).body("status", equalTo("deleted"));
        given().get("/documents/" + id).then().statusCode(404);
        ConsumerRecord<String, String> last = TopicReader.find("documents", id, Duration.ofSeconds(15)).orElseThrow();
        assertThat(last.value()).isNull();
        // every record carries its version, the deletion's being 2, so that consumers can order them without offsets
        assertThat(TopicReader.all("documents", id).stream()
                .map(record -> new String(record.headers().lastHeader("docsearch-version").value(), StandardCharsets.UTF_8)))
                .containsExactly("1", "2");
        // the same content again is the same document again, and its version counts on past the deletion
        given().contentType("text/plain; charset=UTF-8").body(text)
                .post("/documents").then().statusCode(202).body("id", equalTo(id)).body("version", equalTo(3));
        given().delete("/documents/" + id).then().statusCode(202);

        given().delete("/documents/" + id).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:document-not-found"));
    }

    @Test
    void jsonBatchReportsEachItem() {
        String marker = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(
                        Map.of("title", "第一篇", "content", "第一篇批量文档" + marker),
                        Map.of("title", "空白", "content", " "),
                        Map.of("title", "第三篇", "content", "第三篇批量文档" + marker))))
                .when().post("/documents/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(2))
                .body("refused", equalTo(1))
                .body("items[1].name", equalTo("documents[1]"))
                .body("items[1].status", equalTo("refused"))
                .body("items[1].problem.type", equalTo("urn:docsearch:problem:invalid-document"))
                .body("items[0].status", equalTo("accepted"))
                .body("items[2].status", equalTo("accepted"));
    }

    /**
     * A batch sends every item before awaiting Kafka: items naming the same document still get successive versions
     * in order, and the same content twice is still one document.
     */
    @Test
    void batchItemsOfOneDocumentGetSuccessiveVersionsAndRepeatedContentIsADuplicate() {
        String marker = UUID.randomUUID().toString();
        String clientId = "batch-notice-" + marker;
        List<Map<String, String>> documents = new ArrayList<>();
        for (int version = 1; version <= 3; version++) {
            documents.add(Map.of("clientId", clientId, "content", "第" + version + "版工作方案" + marker));
        }
        documents.add(Map.of("content", "同一份会议纪要" + marker));
        documents.add(Map.of("content", "同一份会议纪要" + marker));
        ValidatableResponse batch = given().contentType(ContentType.JSON)
                .body(Map.of("documents", documents))
                .when().post("/documents/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(4))
                .body("duplicates", equalTo(1))
                .body("items.status", equalTo(List.of("accepted", "accepted", "accepted", "accepted", "duplicate")))
                .body("items[0].version", equalTo(1))
                .body("items[1].version", equalTo(2))
                .body("items[2].version", equalTo(3));
        assertThat(batch.extract().<String>path("items[4].id")).isEqualTo(batch.extract().path("items[3].id"));
        String id = batch.extract().path("items[2].id");
        List<ConsumerRecord<String, String>> events = TopicReader.all("documents", id);
        assertThat(events).hasSize(3);
        assertThat(events.stream().map(record -> record.value().contains("第3版") ? 3 : record.value().contains("第2版") ? 2 : 1))
                .containsExactly(1, 2, 3);
        given().get("/documents/" + id).then().statusCode(200).body("version", equalTo(3));
    }

    @Test
    void emptyContentIsRefusedWithAProblemAndNothingIsPublished() {
        long before = TopicReader.size("documents");
        given().contentType(ContentType.JSON).body(Map.of("title", "空文档", "content", "  \n "))
                .when().post("/documents")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:invalid-document"))
                .body("status", equalTo(400));
        assertThat(TopicReader.size("documents")).isEqualTo(before);
    }

    /** Values the index could never hold are refused at the door, not accepted and failed later. */
    @Test
    void valuesTheIndexCannotHoldAreRefusedAndNothingIsPublished() {
        long before = TopicReader.size("documents");
        for (Map<String, Object> submission : List.<Map<String, Object>>of(
                Map.of("content", "关于加强安全生产的通知。", "clientId", "编".repeat(100_000)),
                Map.of("content", "关于加强安全生产的通知。", "source", "局".repeat(1_000_000)),
                Map.of("content", "关于加强安全生产的通知。", "tags", List.of("标".repeat(101))))) {
            given().contentType(ContentType.JSON).body(submission)
                    .when().post("/documents")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:docsearch:problem:invalid-document"))
                    .body("detail", containsString("characters; at most"));
        }
        given().multiPart("file", "名".repeat(300) + ".txt", "关于加强安全生产的通知。".getBytes(StandardCharsets.UTF_8),
                        "text/plain")
                .when().post("/documents")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("The file name has 304 characters"));
        assertThat(TopicReader.size("documents")).isEqualTo(before);
    }

    @Test
    void malformedJsonIsRefusedWithAProblem() {
        given().contentType(ContentType.JSON).body("{\"content\": ")
                .when().post("/documents")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:malformed-json"));
    }

    @Test
    void oversizedDocumentIsRefusedNamingTheLimit() {
        given().contentType("text/plain; charset=UTF-8").body("字".repeat(20_001))
                .when().post("/documents")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:document-too-large"))
                .body("detail", containsString("20000"));
    }

    @Test
    void unsupportedMediaTypeIsAProblem() {
        given().contentType("application/xml").body("<doc/>")
                .when().post("/documents")
                .then().statusCode(415)
                .contentType("application/problem+json");
    }

    private JsonNode event(String id) throws Exception {
        ConsumerRecord<String, String> record = TopicReader.find("documents", id, Duration.ofSeconds(15))
                .orElseThrow(() -> new AssertionError("no event keyed " + id + " on the topic"));
        return objectMapper.readTree(record.value());
    }
}
