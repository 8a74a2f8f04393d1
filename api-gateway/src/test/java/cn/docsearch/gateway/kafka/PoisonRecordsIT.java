package cn.docsearch.gateway.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.gateway.KafkaTestResource;
import cn.docsearch.gateway.ServicesDown;
import cn.docsearch.gateway.auth.rest.AuthenticationFilter;
import cn.docsearch.infra.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Records no gateway ever wrote, put straight on the topics of keys and of the audit trail: each is skipped with a
 * warning and counted, and the records after it are still used (a key written after them authenticates, an audit entry
 * written after them is listed). Topics of their own, so that the other tests' topics hold only valid records.
 */
@QuarkusTest
@TestProfile(PoisonRecordsIT.TopicsOfItsOwn.class)
@WithTestResource(KafkaTestResource.class)
class PoisonRecordsIT {
    static final String KEYS_TOPIC = "api-keys-poison-test";
    static final String AUDIT_TOPIC = "audit-poison-test";

    public static class TopicsOfItsOwn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new ServicesDown().getConfigOverrides());
            config.put("gateway.auth.keys-topic", KEYS_TOPIC);
            config.put("gateway.audit.topic", AUDIT_TOPIC);
            return config;
        }
    }

    /** Values that can never be a key or an audit entry (null: no value at all). */
    private static List<String> poison() {
        List<String> values = new ArrayList<>();
        values.add("{\"id\": \"k-1\", \"role\":");
        values.add("[1, 2, 3]");
        values.add("{}");
        values.add("null");
        values.add("\"只是一句话\"");
        values.add("{\"id\": \"k-2\", \"role\": \"emperor\", \"secretHash\": \"00\", \"collections\": [\"default\"]}");
        values.add("\u0000\u0001\u001b[31m\u007f\u0085\u200d\ufeff");
        values.add("[".repeat(5_000));
        values.add(null);
        // about a megabyte (the broker's default record limit) of text that is no JSON
        values.add("\u0000垃圾{".repeat(110_000));
        return values;
    }

    @Test
    void aKeyWrittenAfterUnusableRecordsStillAuthenticates() throws Exception {
        awaitTrue("the keys read from their topic", () -> checkStatus("api-keys").equals("UP"));
        String secret = "dsk_poison_" + UUID.randomUUID();
        Map<String, Object> key = Map.of("schemaVersion", 1, "id", "k-after-poison", "name", "毒后之钥", "role", "reader",
                "collections", List.of("default"), "secretHash", sha256(secret), "createdAt", Instant.now().toString(),
                "createdBy", "PoisonRecordsIT");
        List<String> records = poison();
        records.add(new ObjectMapper().writeValueAsString(key));
        write(KEYS_TOPIC, records);

        // a key unknown to the gateway is 401; known, the search goes on to a search-service that is not there: 503
        awaitTrue("the key written after the unusable records to authenticate", () ->
                given().header(AuthenticationFilter.API_KEY_HEADER, secret).queryParam("q", "报告")
                        .get("/api/v1/search").statusCode() == 503);
        assertThat(skipped("keys")).isGreaterThanOrEqualTo(poison().size());
        JsonPath keysCheck = readiness().setRootPath("checks.find { it.name == 'api-keys' }");
        assertThat(keysCheck.getString("status")).isEqualTo("UP");
        assertThat(keysCheck.getLong("data.skippedRecords")).isGreaterThanOrEqualTo(poison().size());
        assertThat(keysCheck.getString("data.lastSkippedRecord")).startsWith(KEYS_TOPIC + "/0/");
        // and a key created through the API after them works too
        String created = admin().contentType("application/json").body(Map.of("name", "毒后新钥", "role", "reader"))
                .post("/api/v1/admin/keys").then().statusCode(201).extract().path("secret");
        given().header(AuthenticationFilter.API_KEY_HEADER, created).queryParam("q", "报告").get("/api/v1/search")
                .then().statusCode(503);
    }

    @Test
    void theAuditTrailListsEntriesWrittenAfterUnusableRecords() throws Exception {
        Instant started = Instant.now().minusSeconds(1);
        awaitTrue("the audit trail to be readable", () -> admin().get("/api/v1/admin/audit").statusCode() == 200);
        List<String> records = poison();
        records.add("{\"schemaVersion\": 1, \"keyId\": \"no-time\", \"status\": 200}");
        write(AUDIT_TOPIC, records);
        String name = "审计毒后" + UUID.randomUUID().toString().substring(0, 8);
        String keyId = admin().contentType("application/json").body(Map.of("name", name, "role", "reader"))
                .post("/api/v1/admin/keys").then().statusCode(201).extract().path("key.id");

        awaitTrue("the admin action after the unusable records to be listed", () -> {
            io.restassured.response.Response listing = admin().queryParam("since", started.toString())
                    .queryParam("limit", 1000).get("/api/v1/admin/audit");
            assertThat(listing.statusCode()).isEqualTo(200);
            return listing.jsonPath().getList("entries.target").contains(keyId);
        });
        assertThat(skipped("audit")).isGreaterThanOrEqualTo(records.size());
        // read again: the same records are skipped again without being counted twice
        long counted = skipped("audit");
        admin().queryParam("since", started.toString()).get("/api/v1/admin/audit").then().statusCode(200);
        assertThat(skipped("audit")).isEqualTo(counted);
    }

    private static void write(String topic, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(TestInfrastructure.kafkaClientConfig(),
                new StringSerializer(), new StringSerializer())) {
            int n = 0;
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, "poison-" + n++, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** docsearch_poison_records_total of the stage, as /q/metrics shows it (0 before any). */
    private static long skipped(String stage) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("docsearch_poison_records_total{")
                        && line.contains("stage=\"" + stage + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static JsonPath readiness() {
        return new JsonPath(given().get("/q/health/ready").asString());
    }

    private static String checkStatus(String name) {
        return String.valueOf(readiness().getString("checks.find { it.name == '" + name + "' }.status"));
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
    }

    private static String sha256(String secret) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static RequestSpecification admin() {
        return given().header(AuthenticationFilter.API_KEY_HEADER, KafkaTestResource.ADMIN_KEY);
    }
}
