package cn.docsearch.gateway.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;

import cn.docsearch.gateway.KafkaTestResource;
import cn.docsearch.gateway.ServicesDown;
import cn.docsearch.gateway.TopicRecords;
import cn.docsearch.gateway.auth.rest.AuthenticationFilter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Every write and admin action, allowed or refused, is in the audit trail (a real Kafka topic) with who, what, when
 * and how it ended, and admins can query it; reads are not recorded.
 */
@QuarkusTest
@TestProfile(ServicesDown.class)
@WithTestResource(KafkaTestResource.class)
class AuditTrailIT {

    @Test
    void writesAndAdminActionsAreRecordedWithWhoWhatWhenAndOutcome() throws Exception {
        Instant started = Instant.now().minusSeconds(1);
        String name = "审计" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath created = admin().contentType(ContentType.JSON).body(Map.of("name", name, "role", "reader"))
                .post("/api/v1/admin/keys").then().statusCode(201).extract().jsonPath();
        String readerId = created.getString("key.id");
        String reader = created.getString("secret");
        given().header(AuthenticationFilter.API_KEY_HEADER, reader).delete("/api/v1/admin/keys/" + readerId)
                .then().statusCode(403);
        given().header(AuthenticationFilter.API_KEY_HEADER, reader).queryParam("q", name).get("/api/v1/search");
        admin().delete("/api/v1/admin/keys/" + readerId).then().statusCode(200);
        given().delete("/api/v1/documents/" + name).then().statusCode(401);
        // ingest-service is unreachable here: the upload fails, and the trail says so
        admin().contentType(ContentType.JSON).body(Map.of("content", name)).post("/api/v1/documents").then().statusCode(503);

        List<Map<String, Object>> entries = awaitEntries(started, 5);
        assertThat(entries).anySatisfy(entry -> assertThat(entry).containsEntry("operation", "createApiKey")
                .containsEntry("keyId", "bootstrap-admin").containsEntry("target", readerId).containsEntry("status", 201)
                .containsEntry("outcome", "succeeded").containsEntry("method", "POST"));
        assertThat(entries).anySatisfy(entry -> assertThat(entry).containsEntry("operation", "revokeApiKey")
                .containsEntry("keyId", readerId).containsEntry("role", "reader").containsEntry("status", 403)
                .containsEntry("outcome", "refused"));
        assertThat(entries).anySatisfy(entry -> assertThat(entry).containsEntry("operation", "revokeApiKey")
                .containsEntry("keyId", "bootstrap-admin").containsEntry("target", readerId).containsEntry("status", 200));
        assertThat(entries).anySatisfy(entry -> assertThat(entry).containsEntry("operation", "deleteDocument")
                .doesNotContainKey("keyId").containsEntry("target", name).containsEntry("status", 401));
        assertThat(entries).anySatisfy(entry -> assertThat(entry).containsEntry("operation", "submitDocument")
                .containsEntry("status", 503).containsEntry("outcome", "failed"));
        assertThat(entries).noneSatisfy(entry -> assertThat(entry.get("operation")).isEqualTo("search"));
        assertThat(entries.toString()).doesNotContain(reader);

        List<Map<String, Object>> byKey = admin().queryParam("since", started.toString()).queryParam("keyId", readerId)
                .get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath().getList("entries");
        assertThat(byKey).isNotEmpty().allSatisfy(entry -> assertThat(entry).containsEntry("keyId", readerId));
        admin().queryParam("since", "yesterday").get("/api/v1/admin/audit").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void theTopicHoldsEntriesInTheDocumentedShape() throws Exception {
        Instant started = Instant.now().minusSeconds(1);
        admin().contentType(ContentType.JSON).body(Map.of("name", "形状检查", "role", "writer"))
                .post("/api/v1/admin/keys").then().statusCode(201);
        awaitEntries(started, 1);
        JsonSchema schema = TopicRecords.schema("audit-entry.schema.json");
        List<String> records = TopicRecords.read("audit");
        assertThat(records).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (String record : records) {
            assertThat(schema.validate(json.readTree(record))).as(record).isEmpty();
        }
    }

    /** The entries since the time, once at least {@code count} are in (entries are written without holding answers up). */
    private static List<Map<String, Object>> awaitEntries(Instant since, int count) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> admin()
                .queryParam("since", since.toString()).queryParam("limit", 1000).get("/api/v1/admin/audit").then()
                .statusCode(200).extract().jsonPath().<Map<String, Object>>getList("entries"), entries -> entries.size() >= count);
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().header(AuthenticationFilter.API_KEY_HEADER, KafkaTestResource.ADMIN_KEY);
    }
}
