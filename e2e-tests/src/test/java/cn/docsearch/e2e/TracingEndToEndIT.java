package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.SpanCollector;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.http.ContentType;

/**
 * One upload is one trace: the client's traceparent is continued by the gateway, ingest-service, the Kafka record
 * (its traceparent header) and search-service, each of which exports spans of that trace to the collector.
 */
class TracingEndToEndIT {

    @Test
    void oneUploadIsOneTraceAcrossTheServicesAndTheKafkaRecord() throws Exception {
        LocalPlatform platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        Random random = new Random();
        String traceId = HexFormat.of().formatHex(bytes(random, 16));
        String marker = "追踪" + UUID.randomUUID().toString().substring(0, 8);
        String id = given().baseUri(platform.gatewayUrl()).header(LocalPlatform.API_KEY_HEADER, platform.adminKey())
                .header("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(bytes(random, 8)) + "-01")
                .contentType(ContentType.JSON).body(Map.of("title", marker + "工作简报", "content", "本周" + marker + "工作进展顺利。"))
                .post("/api/v1/documents").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(platform.gatewayUrl())
                .header(LocalPlatform.API_KEY_HEADER, platform.adminKey()).queryParam("q", marker).queryParam("mode", "keyword")
                .get("/api/v1/search").then().statusCode(200).body("hits.id", hasItem(id)));

        assertThat(traceparentOf(platform, id)).startsWith("00-" + traceId + "-");
        SpanCollector spans = TestInfrastructure.spans();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(spans.received(traceId, "api-gateway")).as("api-gateway").isTrue();
            assertThat(spans.received(traceId, "ingest-service")).as("ingest-service").isTrue();
            assertThat(spans.received(traceId, "search-service")).as("search-service").isTrue();
        });
        // a search is one trace from the gateway to search-service's request to Elasticsearch (a client span, db.system)
        String searchTraceId = HexFormat.of().formatHex(bytes(random, 16));
        given().baseUri(platform.gatewayUrl()).header(LocalPlatform.API_KEY_HEADER, platform.adminKey())
                .header("traceparent", "00-" + searchTraceId + "-" + HexFormat.of().formatHex(bytes(random, 8)) + "-01")
                .queryParam("q", marker).queryParam("mode", "keyword").get("/api/v1/search").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                spans.received(searchTraceId, "search-service", "db.system")).as("Elasticsearch client span").isTrue());
        // the audit trail names the trace of each write
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().baseUri(platform.gatewayUrl())
                .header(LocalPlatform.API_KEY_HEADER, platform.adminKey()).queryParam("operation", "submitDocument")
                .get("/api/v1/admin/audit").then().statusCode(200)
                .body("entries.find { it.target == '" + id + "' }.traceId", equalTo(traceId)));
    }

    /** The traceparent header of the document's record on the documents topic. */
    private static String traceparentOf(LocalPlatform platform, String id) {
        Properties config = new Properties();
        config.putAll(platform.kafkaClientConfig());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("documents").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header header = record.headers().lastHeader("traceparent");
                    if (id.equals(record.key()) && header != null) {
                        return new String(header.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return "";
    }

    private static byte[] bytes(Random random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
