package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.TestInfrastructure;
import cn.docsearch.search.InfrastructureTestResource;
import cn.docsearch.search.indexing.DeadLetterPublisher;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** Events put on the real topic are indexed into the real node with IK and found by search. */
@QuarkusTest
@WithTestResource(InfrastructureTestResource.class)
class SearchResourceIT {

    @Inject
    ObjectMapper objectMapper;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void producer() {
        // as ingest-service writes: in transactions (read_committed consumers skip their commit markers)
        producer = new KafkaProducer<>(TestInfrastructure.kafkaClientConfig(Map.of("acks", "all",
                "transactional.id", "search-resource-test-" + UUID.randomUUID())), new StringSerializer(), new StringSerializer());
        producer.initTransactions();
    }

    /** One record in a transaction of its own, committed (so followed by a commit marker) when this returns. */
    private Future<RecordMetadata> send(ProducerRecord<String, String> record) {
        producer.beginTransaction();
        Future<RecordMetadata> sent = producer.send(record);
        producer.commitTransaction();
        return sent;
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void indexedEventIsFoundByAnIkTermWithEscapedHighlights() throws Exception {
        String id = publish("新质生产力调研报告",
                "一、总体情况\n今年我市加快发展新质生产力，推动<b>传统产业</b>转型升级。\n二、下一步打算\n持续优化营商环境。");
        Response response = awaitSearchable("新质生产力", id);
        Map<String, Object> hit = hit(response, id);
        assertThat(hit.get("title")).isEqualTo("新质生产力调研报告");
        assertThat((String) hit.get("titleHighlight")).contains("<em>新质生产力</em>");
        @SuppressWarnings("unchecked")
        Map<String, Object> snippet = (Map<String, Object>) hit.get("snippet");
        assertThat((String) snippet.get("text")).contains("<em>新质生产力</em>")
                .contains("&lt;b&gt;传统产业&lt;&#x2F;b&gt;").doesNotContain("<b>");
        assertThat(hit).doesNotContainKeys("passages", "highlights");
    }

    @Test
    void quotedPhraseMatchesOnlyTheExactSequence() throws Exception {
        String exact = publish("全面推进乡村振兴", "我县坚持农业农村优先发展，全面推进乡村振兴，建设宜居宜业和美乡村。");
        String scattered = publish("振兴与乡村", "乡村面貌焕然一新，产业振兴步伐加快。");
        awaitSearchable("乡村", exact);
        awaitSearchable("乡村", scattered);

        given().queryParam("q", "\"全面推进乡村振兴\"").when().get("/search")
                .then().statusCode(200)
                .body("hits.id", hasItem(exact))
                .body("hits.id", not(hasItem(scattered)));
        given().queryParam("q", "乡村 振兴").when().get("/search")
                .then().statusCode(200).body("hits.id", hasItem(scattered));
    }

    /**
     * The document version orders events, not the offset: after a topic is recreated from a backup, or when one
     * id's events sit in two partitions after partitions were added, an older event can come after a newer one.
     */
    @Test
    void anOlderVersionNeverReplacesANewerOneWhateverTheOffsets() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, 2, "第二版防汛预案", "第二版：汛期实行二十四小时值班。");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/documents/" + id).then().statusCode(200).body("version", equalTo(2)));
        int partition = publish(id, 1, "第一版防汛预案", "第一版：汛期实行值班。");
        awaitPassed(partition);
        given().get("/documents/" + id).then().statusCode(200).body("version", equalTo(2)).body("title", equalTo("第二版防汛预案"));

        // a deletion is a version too: an older event after it does not bring the document back
        delete(id, 3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/documents/" + id).then().statusCode(404));
        awaitPassed(publish(id, 2, "第二版防汛预案", "第二版：汛期实行二十四小时值班。"));
        given().get("/documents/" + id).then().statusCode(404);

        // and a re-upload after the deletion, whose version counts on, is indexed
        publish(id, 4, "第四版防汛预案", "第四版：汛期实行二十四小时值班和领导带班。");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/documents/" + id).then().statusCode(200).body("version", equalTo(4)));
    }

    /** Waits until the indexing stage has passed everything sent to the partition so far (it reads it in order). */
    private void awaitPassed(int partition) throws Exception {
        String marker = UUID.randomUUID().toString();
        Map<String, Object> event = Map.of("schemaVersion", 1, "id", marker, "title", "排序标记", "body", "排序标记文档。",
                "metadata", Map.of("tags", List.of(), "charCount", 7, "version", 1),
                "contentHash", "sha256:" + "0".repeat(64), "ingestedAt", Instant.now().toString());
        send(new ProducerRecord<>("documents", partition, marker, objectMapper.writeValueAsString(event)))
                .get(10, TimeUnit.SECONDS);
        awaitIndexed(marker);
    }

    /**
     * Readiness shows how far each stage is behind, so an operator sees a backlog build up or drain; with everything
     * done, both stages read 0, in readiness (the consumers' positions) and in the index status (committed offsets).
     */
    @Test
    void eachStagesLagIsZeroOnceEverythingIsDone() throws Exception {
        // written in a transaction, as ingest-service writes: the commit marker after it is no lag either
        String id = publish("滞后量测试", "用于检查消费滞后量的测试文档。");
        awaitEmbedded(id);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'indexing' }.data.indexingLag", equalTo(0))
                .body("checks.find { it.name == 'indexing' }.data.embeddingLag", equalTo(0)));
        // the index status counts from the committed offsets: past the commit marker too, in both stages
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/admin/index").then().statusCode(200)
                .body("live.indexingLag", equalTo(0))
                .body("live.embeddingLag", equalTo(0)));
    }

    /**
     * An event whose text is only characters that carry none (written to the topic around ingest-service, which refuses
     * it) fails in the indexing stage with its reason, in the status, the statistics and the dead-letter topic, and
     * the document after it in the same partition is indexed and embedded: nothing stalls behind it.
     */
    @Test
    void anEventWithoutTextFailsWithItsReasonAndTheDocumentsAfterItAreEmbedded() throws Exception {
        String poison = UUID.randomUUID().toString();
        int partition = publish(poison, 1, "\u200d", "\u200d\u0000\ufeff\u200b\u0085\udb40\udc41");
        String next = UUID.randomUUID().toString();
        Map<String, Object> event = Map.of("schemaVersion", 1, "id", next, "title", "防汛值班安排",
                "body", "汛期实行二十四小时值班和领导带班制度。", "metadata", Map.of("version", 1, "charCount", 19),
                "contentHash", "sha256:" + "2".repeat(64), "ingestedAt", Instant.now().toString());
        send(new ProducerRecord<>("documents", partition, next, objectMapper.writeValueAsString(event),
                versionHeader(1))).get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/documents/" + poison + "/status").then()
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("failedStage", equalTo("indexing"))
                .body("reason", org.hamcrest.Matchers.containsString("no text")));
        ConsumerRecord<String, String> deadLetter = findOn("documents.dlq", poison);
        assertThat(new String(deadLetter.headers().lastHeader(DeadLetterPublisher.HEADER_STAGE).value(),
                StandardCharsets.UTF_8)).isEqualTo("indexing");
        // statistics search the failures, which they see from the next refresh
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/admin/index/stats").then().statusCode(200)
                .body("failed", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("lastFailures.find { it.id == '" + poison + "' }.stage", equalTo("indexing")));
        awaitEmbedded(next);
    }

    /** A document whose paragraphs carry no text is searchable by its words and embedded with no vectors, not stuck. */
    @Test
    void aDocumentWithoutAnEmbeddablePassageIsEmbeddedWithNoVectors() throws Exception {
        String id = UUID.randomUUID().toString();
        Map<String, Object> event = Map.of("schemaVersion", 1, "id", id, "title", "空白附件说明",
                "body", "一、附件清单\n\u200b\u0301",
                "sections", List.of(Map.of("headings", List.of("一、附件清单"), "paragraphs", List.of("\u200b\u0301", "\u0000"))),
                "metadata", Map.of("version", 1, "charCount", 8),
                "contentHash", "sha256:" + "3".repeat(64), "ingestedAt", Instant.now().toString());
        send(new ProducerRecord<>("documents", null, id, objectMapper.writeValueAsString(event), versionHeader(1)))
                .get(10, TimeUnit.SECONDS);
        awaitEmbedded(id);
        given().get("/documents/" + id).then().statusCode(200).body("passageCount", equalTo(0));
        // nothing to compare by meaning: no similar documents, no copies, and no failure either
        given().get("/documents/" + id + "/similar").then().statusCode(200);
        given().get("/documents/" + id + "/duplicates").then().statusCode(200).body("documents", org.hamcrest.Matchers.empty());
    }

    /**
     * What is empty once cleaned is no query, in every mode and wherever a text is searched with: a 400 problem, never
     * a model or a node failing on it. Texts at the documented limits pass every hop.
     */
    @Test
    void textsWithoutTextAreProblemsAndTextsAtTheLimitsPass() {
        List<String> empty = List.of("\u0000", "\u200d", "\u0001", "\u200f", "\udb40\udc41", "\u0085", "\ufeff \u200b",
                "\u0301");
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            for (String q : empty) {
                given().queryParam("q", q).queryParam("mode", mode).get("/search").then().statusCode(400)
                        .contentType("application/problem+json")
                        .body("type", equalTo("urn:docsearch:problem:invalid-query"));
            }
            // a lone surrogate as the bytes a client may send (CESU-8)
            given().urlEncodingEnabled(false).get("/search?mode=" + mode + "&q=%ED%A0%80").then().statusCode(400);
        }
        for (String text : empty) {
            given().contentType("application/json").body(Map.of("text", text)).post("/passages/similar").then()
                    .statusCode(400).contentType("application/problem+json");
            given().queryParam("text", text).get("/analyze").then().statusCode(400).contentType("application/problem+json");
        }
        // a lone surrogate as JSON escapes it
        given().contentType("application/json").body("{\"text\":\"\\ud800\\u0000\"}").post("/passages/similar").then()
                .statusCode(400).contentType("application/problem+json");
        given().queryParam("q", "乡村振兴".repeat(125)).queryParam("mode", "keyword").get("/search").then().statusCode(200);
        given().queryParam("text", "推动高质量发展".repeat(285)).get("/analyze").then().statusCode(200);
        // an id longer than Elasticsearch takes names no document: 404, not a node refusing the request line
        String longId = "编".repeat(2000);
        for (String path : List.of("/documents/%s", "/documents/%s/status", "/documents/%s/similar", "/documents/%s/duplicates")) {
            given().get(String.format(path, longId)).then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void tombstoneRemovesTheDocument() throws Exception {
        String id = publish("临时通知", "关于召开防汛工作会议的临时通知。");
        awaitIndexed(id);
        delete(id, 2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/documents/" + id).then().statusCode(404)
                        .contentType("application/problem+json")
                        .body("type", equalTo("urn:docsearch:problem:document-not-found")));
        // the realtime get sees the delete at once, search after the next refresh
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().queryParam("q", "防汛").get("/search").then().body("hits.id", not(hasItem(id))));
    }

    @Test
    void malformedEventIsDeadLetteredWithItsReasonAndDoesNotBlockTheNextOne() throws Exception {
        String badKey = UUID.randomUUID().toString();
        send(new ProducerRecord<>("documents", badKey, "{not json")).get(10, TimeUnit.SECONDS);
        String good = publish("安全生产工作要点", "压紧压实安全生产责任，坚决遏制重特大事故。");
        awaitIndexed(good);

        ConsumerRecord<String, String> deadLetter = findOn("documents.dlq", badKey);
        assertThat(deadLetter.value()).isEqualTo("{not json");
        assertThat(new String(deadLetter.headers().lastHeader(DeadLetterPublisher.HEADER_REASON).value(),
                StandardCharsets.UTF_8)).contains("not a document event");
        assertThat(new String(deadLetter.headers().lastHeader(DeadLetterPublisher.HEADER_ORIGIN).value(),
                StandardCharsets.UTF_8)).startsWith("documents/");
        try (Admin admin = Admin.create(TestInfrastructure.kafkaClientConfig())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "documents.dlq");
            Config config = admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).as("dead letters never expire").isEqualTo("-1");
        }
    }

    @Test
    void statusIsTheLatestOutcomeFailedWithTheReasonOrIndexed() throws Exception {
        String id = UUID.randomUUID().toString();
        Map<String, Object> bad = Map.of("schemaVersion", 1, "id", id, "title", "日期写错的通知", "body", "正文。",
                // not a date the mapping's strict_date accepts: Elasticsearch refuses the document for good
                "metadata", Map.of("documentDate", "2023年第三季度", "version", 1, "charCount", 3),
                "contentHash", "sha256:" + "1".repeat(64), "ingestedAt", Instant.now().toString());
        send(new ProducerRecord<>("documents", id, objectMapper.writeValueAsString(bad))).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/documents/" + id + "/status").then()
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", org.hamcrest.Matchers.containsString("documentDate")));
        assertThat(findOn("documents.dlq", id).value()).contains("日期写错的通知");

        Map<String, Object> good = new java.util.HashMap<>(bad);
        good.put("metadata", Map.of("fileName", "通知.docx", "version", 2, "charCount", 3));
        send(new ProducerRecord<>("documents", id, objectMapper.writeValueAsString(good))).get(10, TimeUnit.SECONDS);
        // searchable again: by words (indexed), or by meaning too if its vectors came in before this looked (embedded)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/documents/" + id + "/status").then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.oneOf("indexed", "embedded"))
                .body("version", equalTo(2)));

        // version 3 is refused: version 2 stays searchable, but the document's state is the failure of version 3
        Map<String, Object> badAgain = new java.util.HashMap<>(bad);
        badAgain.put("metadata", Map.of("documentDate", "2023年第三季度", "version", 3, "charCount", 3));
        send(new ProducerRecord<>("documents", id, objectMapper.writeValueAsString(badAgain))).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/documents/" + id + "/status").then()
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("version", equalTo(3)));
        given().get("/documents/" + id).then().statusCode(200).body("version", equalTo(2));
        given().get("/documents/" + UUID.randomUUID() + "/status").then().statusCode(404);
    }

    @Test
    void unsupportedSchemaVersionIsDeadLetteredNotIndexed() throws Exception {
        String id = UUID.randomUUID().toString();
        send(new ProducerRecord<>("documents", id, objectMapper.writeValueAsString(Map.of(
                "schemaVersion", 99, "id", id, "title", "未来格式", "body", "未来版本的事件")))).get(10, TimeUnit.SECONDS);
        assertThat(new String(findOn("documents.dlq", id).headers().lastHeader(DeadLetterPublisher.HEADER_REASON).value(),
                StandardCharsets.UTF_8)).contains("unsupported schemaVersion 99");
        given().get("/documents/" + id).then().statusCode(404);
    }

    @Test
    void theDocumentedExampleEventIsIndexedWithItsStructureAndMetadata() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode example = (com.fasterxml.jackson.databind.node.ObjectNode)
                objectMapper.readTree(java.nio.file.Path.of("..", "docs", "events", "document-event.example.json").toFile());
        String id = UUID.randomUUID().toString();
        example.put("id", id);
        send(new ProducerRecord<>("documents", id, objectMapper.writeValueAsString(example))).get(10, TimeUnit.SECONDS);
        awaitIndexed(id);
        given().get("/documents/" + id).then().statusCode(200)
                .body("headings", org.hamcrest.Matchers.contains("一、2023年工作回顾", "（一）产业发展提质增效"))
                .body("author", equalTo("青禾县人民政府办公室"))
                .body("documentDate", equalTo("2024-01-20"))
                .body("fileName", equalTo("政府工作报告.docx"))
                .body("pageCount", equalTo(3))
                .body("version", equalTo(1));
        Response response = awaitSearchable("产业发展提质增效", id);
        assertThat(hit(response, id).get("documentDate")).isEqualTo("2024-01-20");
    }

    @Test
    void badRequestsAreProblems() {
        given().when().get("/search").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:invalid-query"));
        given().queryParam("q", "报告").queryParam("size", 1000).when().get("/search").then().statusCode(400);
        given().queryParam("q", "报告").queryParam("page", 0).when().get("/search").then().statusCode(400);
    }

    @Test
    void pagingReturnsDisjointPages() throws Exception {
        String last = null;
        for (int i = 0; i < 5; i++) {
            last = publish("分页测试文件第" + i + "号", "这是用于分页测试的会议纪要，编号" + i + "。");
        }
        awaitIndexed(last);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().queryParam("q", "分页测试").queryParam("mode", "keyword").get("/search").then().body("total", equalTo(5)));
        // the minutes differ by their number only: near-identical, so shown apart for this test
        List<String> first = given().queryParam("q", "分页测试").queryParam("mode", "keyword").queryParam("size", 2)
                .queryParam("fold", false).get("/search").path("hits.id");
        List<String> second = given().queryParam("q", "分页测试").queryParam("mode", "keyword").queryParam("size", 2)
                .queryParam("fold", false).queryParam("page", 2).get("/search").path("hits.id");
        assertThat(first).hasSize(2).doesNotContainAnyElementsOf(second);
        assertThat(second).hasSize(2);
        given().queryParam("q", "分页测试").queryParam("mode", "keyword").queryParam("page", 3).queryParam("size", 2)
                .queryParam("fold", false).get("/search").then().body("hits", org.hamcrest.Matchers.hasSize(1)).body("page", equalTo(3));
    }

    private String publish(String title, String body) throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, 1, title, body);
        return id;
    }

    /** @return the partition the event went to */
    private int publish(String id, int version, String title, String body) throws Exception {
        Map<String, Object> event = Map.of("schemaVersion", 1, "id", id, "title", title, "body", body,
                "metadata", Map.of("source", "测试", "tags", List.of("测试"), "contentType", "text/plain",
                        "charCount", body.length(), "version", version),
                "contentHash", "sha256:" + "0".repeat(64), "ingestedAt", Instant.now().toString());
        return send(new ProducerRecord<>("documents", null, id, objectMapper.writeValueAsString(event),
                versionHeader(version))).get(10, TimeUnit.SECONDS).partition();
    }

    private void delete(String id, int version) throws Exception {
        send(new ProducerRecord<>("documents", null, id, null, versionHeader(version))).get(10, TimeUnit.SECONDS);
    }

    /** As ingest-service sends it with every record since versions order events. */
    private static Headers versionHeader(int version) {
        return new RecordHeaders().add("docsearch-version", Integer.toString(version).getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitEmbedded(String id) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().get("/documents/" + id + "/status").then().statusCode(200).body("status", equalTo("embedded")));
    }

    private static void awaitIndexed(String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().get("/documents/" + id).then().statusCode(200).body("id", equalTo(id)));
    }

    /** Indexed is not yet searchable: that takes the next refresh. */
    private static Response awaitSearchable(String query, String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().queryParam("q", query).get("/search").then().body("hits.id", hasItem(id)));
        return given().queryParam("q", query).get("/search");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hit(Response response, String id) {
        List<Map<String, Object>> hits = response.path("hits");
        return hits.stream().filter(h -> id.equals(h.get("id"))).findFirst().orElseThrow();
    }

    private ConsumerRecord<String, String> findOn(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(TestInfrastructure.kafkaClientConfig(),
                new StringDeserializer(), new StringDeserializer())) {
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                if (!partitions.isEmpty()) {
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                        if (key.equals(record.key())) {
                            return record;
                        }
                    }
                }
            }
        }
        throw new AssertionError("nothing keyed " + key + " on " + topic);
    }
}
