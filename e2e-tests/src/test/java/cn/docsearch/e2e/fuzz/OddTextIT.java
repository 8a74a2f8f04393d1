package cn.docsearch.e2e.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;

/**
 * Every kind of character that carries no text (issue 24), in documents and queries, through the whole platform: no
 * answer is a 5xx, every refusal is problem+json, a document of only such characters is refused at the door, every
 * accepted one ends embedded or failed with a reason within a bound, and both stages' lag goes back to zero. An event
 * of only such characters written straight to the topic (around ingest-service) ends failed with its reason in the
 * status, the statistics and the dead-letter topic, and the documents after it are embedded.
 */
class OddTextIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Each kind of character the rule removes or does not count as text, a few of each. */
    private static final Map<String, String> ODD = new LinkedHashMap<>();

    static {
        ODD.put("NUL", "\u0000\u0000");
        ODD.put("C0 controls", "\u0001\u0007\u001b\u001f");
        ODD.put("DEL and C1 controls", "\u007f\u0080\u0085\u009f");
        ODD.put("zero-width joiner", "\u200d");
        ODD.put("zero-width and direction marks", "\u200b\u200c\u200e\u200f");
        ODD.put("bidi embeddings and isolates", "\u202a\u202e\u2066\u2069");
        ODD.put("word joiner and invisible operators", "\u2060\u2061\u2064");
        ODD.put("byte order mark", "\ufeff");
        ODD.put("soft hyphen", "\u00ad");
        ODD.put("tag characters", "\udb40\udc01\udb40\udc41\udb40\udc7f");
        ODD.put("noncharacters", "\ufffe\uffff");
        ODD.put("combining marks alone", "\u0301\u20dd");
        ODD.put("replacement character", "\ufffd");
    }

    private static LocalPlatform platform;
    private static String key;

    @BeforeAll
    static void platform() throws Exception {
        platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        key = FuzzKeys.create(HTTP, platform, "odd-text", "admin");
    }

    @Test
    void oddCharactersInDocumentsAndQueriesNeverStopThePlatform() throws Exception {
        List<String> failures = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (Map.Entry<String, String> odd : ODD.entrySet()) {
            String run = UUID.randomUUID().toString();
            // only such characters: refused at the door, nothing stored
            HttpResponse<String> alone = postJson("/api/v1/documents", Map.of("content", odd.getValue().repeat(3),
                    "clientId", "odd-alone-" + run));
            expect(failures, odd.getKey() + " alone", alone, 422);
            // around and inside real text: accepted, cleaned (each its own text: the same text cleaned is a duplicate)
            HttpResponse<String> mixed = postJson("/api/v1/documents", Map.of("clientId", "odd-mixed-" + run,
                    "content", odd.getValue() + "关于" + odd.getValue() + "做好冬季" + odd.getValue()
                            + "安全生产工作的通知。\n各单位要压实责任，" + odd.getValue() + "确保平安过冬（" + odd.getKey()
                            + "）。" + odd.getValue()));
            if (expect(failures, odd.getKey() + " in text", mixed, 202)) {
                accepted.add(JSON.readTree(mixed.body()).path("id").asText());
            }
            for (String mode : List.of("keyword", "semantic", "hybrid")) {
                expect(failures, odd.getKey() + " as a " + mode + " query", get("/api/v1/search?mode=" + mode + "&q="
                        + encode(odd.getValue())), 400);
                expect(failures, odd.getKey() + " in a " + mode + " query", get("/api/v1/search?mode=" + mode + "&q="
                        + encode(odd.getValue() + "安全" + odd.getValue() + "生产")), 200);
            }
            expect(failures, odd.getKey() + " as a paragraph to look for",
                    postJson("/api/v1/passages/similar", Map.of("text", odd.getValue())), 400);
            expect(failures, odd.getKey() + " as a text to analyse", get("/api/v1/analyze?text=" + encode(odd.getValue())), 400);
        }
        // lone surrogates, as a client may send them: escaped in JSON, or as CESU-8 bytes in a URL
        expect(failures, "a lone surrogate alone", post("/api/v1/documents", "application/json",
                "{\"content\":\"\\udfff\\udfff\\ud800\"}"), 422);
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            expect(failures, "a lone surrogate as a " + mode + " query", get("/api/v1/search?mode=" + mode + "&q=%ED%A0%80"), 400);
        }
        expect(failures, "a lone surrogate to look for", post("/api/v1/passages/similar", "application/json",
                "{\"text\":\"\\u0000\\ud800\"}"), 400);
        // at the documented limits, never refused by a hop inside
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            expect(failures, "a 500-character " + mode + " query", get("/api/v1/search?mode=" + mode + "&q="
                    + encode("统筹推进乡村全面振兴".repeat(50))), 200);
        }
        expect(failures, "2,000 characters to analyse", get("/api/v1/analyze?text=" + encode("推动高质量发展".repeat(285))), 200);
        String longId = "编".repeat(2000);
        for (String path : List.of("/api/v1/documents/%s/similar", "/api/v1/documents/%s/duplicates",
                "/api/v1/documents/%s/status", "/api/v1/jobs/%s")) {
            HttpResponse<String> answer = get(String.format(path, encode(longId)));
            expect(failures, "a long id on " + path, answer, answer.statusCode() == 400 ? 400 : 404);
        }
        assertThat(failures).isEmpty();

        for (String id : accepted) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode status = JSON.readTree(get("/api/v1/documents/" + id + "/status").body());
                assertThat(status.path("status").asText()).as("%s", status).isIn("embedded", "failed");
                if (status.path("status").asText().equals("failed")) {
                    assertThat(status.path("reason").asText()).isNotBlank();
                }
            });
        }
        awaitLagZero();
    }

    /**
     * The reproduction of issue 24 written around ingest-service: a new version of an accepted document whose text is
     * only a zero-width joiner, put straight on the topic. It ends failed with its reason (status, statistics,
     * dead-letter topic); a document uploaded after it, in the same partition, is embedded.
     */
    @Test
    void aForgedEventWithoutTextFailsWithItsReasonAndTheDocumentsAfterItAreEmbedded() throws Exception {
        String clientId = "forged-zwj-" + UUID.randomUUID();
        HttpResponse<String> first = postJson("/api/v1/documents", Map.of("clientId", clientId,
                "content", "关于开展冬季防火检查的通知。\n各单位要对重点场所逐一排查。"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String id = JSON.readTree(first.body()).path("id").asText();

        Map<String, Object> forged = Map.of("schemaVersion", 1, "id", id, "title", "\u200d", "body", "\u200d",
                "metadata", Map.of("version", 2, "charCount", 1, "clientId", clientId),
                "contentHash", "sha256:" + "5".repeat(64), "ingestedAt", java.time.Instant.now().toString());
        int partition;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(platform.kafkaClientConfig(Map.of("acks", "all")),
                new StringSerializer(), new StringSerializer())) {
            partition = producer.send(new ProducerRecord<>("documents", null, id, JSON.writeValueAsString(forged),
                    new RecordHeaders().add("docsearch-version", "2".getBytes(StandardCharsets.UTF_8))))
                    .get(10, TimeUnit.SECONDS).partition();
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = JSON.readTree(get("/api/v1/documents/" + id + "/status").body());
            assertThat(status.path("status").asText()).as("%s", status).isEqualTo("failed");
            assertThat(status.path("failedStage").asText()).isEqualTo("indexing");
            assertThat(status.path("reason").asText()).contains("no text");
        });
        JsonNode stats = JSON.readTree(get("/api/v1/admin/stats").body());
        assertThat(stats.path("totals").path("failed").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.path("lastFailures").findValuesAsText("id")).contains(id);
        ConsumerRecord<String, String> deadLetter = deadLetter(id);
        assertThat(new String(deadLetter.headers().lastHeader("docsearch.dlq.stage").value(), StandardCharsets.UTF_8))
                .isEqualTo("indexing");
        assertThat(new String(deadLetter.headers().lastHeader("docsearch.dlq.reason").value(), StandardCharsets.UTF_8))
                .contains("no text");

        // documents after it in its partition are indexed and embedded
        List<String> after = new ArrayList<>();
        for (int i = 0; after.size() < 2 && i < 60; i++) {
            HttpResponse<String> next = postJson("/api/v1/documents", Map.of("clientId", "after-forged-" + UUID.randomUUID(),
                    "content", "第" + i + "份：冬季防火检查要做到全覆盖、无死角。"));
            assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
            String nextId = JSON.readTree(next.body()).path("id").asText();
            if (partitionOf(nextId) == partition) {
                after.add(nextId);
            }
        }
        assertThat(after).isNotEmpty();
        for (String nextId : after) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(JSON.readTree(get("/api/v1/documents/" + nextId + "/status").body()).path("status").asText())
                            .isEqualTo("embedded"));
        }
        awaitLagZero();
    }

    private static void awaitLagZero() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode lag = JSON.readTree(get("/api/v1/admin/stats").body()).path("lag");
            assertThat(lag.path("indexing").asLong()).as("%s", lag).isZero();
            assertThat(lag.path("embedding").asLong()).as("%s", lag).isZero();
        });
    }

    /** The partition Kafka's default partitioner gives a key, as ingest-service's producer does. */
    private static int partitionOf(String key) throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(platform.kafkaClientConfig(), new StringDeserializer(),
                new StringDeserializer())) {
            int partitions = consumer.partitionsFor("documents", Duration.ofSeconds(10)).size();
            return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                    key.getBytes(StandardCharsets.UTF_8))) % partitions;
        }
    }

    private static ConsumerRecord<String, String> deadLetter(String key) {
        Map<String, Object> config = new HashMap<>(platform.kafkaClientConfig());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("documents.dlq", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("nothing keyed " + key + " on documents.dlq");
    }

    /** Checks the status and, for a refusal, that it is a problem; notes what is wrong instead of failing at once. */
    private static boolean expect(List<String> failures, String what, HttpResponse<String> answer, int status) throws Exception {
        if (answer.statusCode() != status) {
            failures.add(what + ": expected " + status + ", got " + answer.statusCode() + " " + answer.body());
            return false;
        }
        if (status >= 400) {
            String contentType = answer.headers().firstValue("Content-Type").orElse("");
            JsonNode problem = contentType.startsWith("application/problem+json") ? JSON.readTree(answer.body()) : null;
            if (problem == null || !problem.path("type").asText().startsWith("urn:docsearch:problem:")) {
                failures.add(what + ": " + status + " without a problem: " + contentType + " " + answer.body());
                return false;
            }
        }
        return true;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postJson(String path, Map<String, Object> body) throws Exception {
        return post(path, "application/json", JSON.writeValueAsString(body));
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + pathAndQuery)).timeout(Duration.ofSeconds(60))
                .header(LocalPlatform.API_KEY_HEADER, key);
    }
}
