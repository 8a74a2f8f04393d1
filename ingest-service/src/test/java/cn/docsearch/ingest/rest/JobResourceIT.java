package cn.docsearch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;


import cn.docsearch.ingest.EventContract;
import cn.docsearch.ingest.KafkaTestResource;
import cn.docsearch.ingest.parse.Fixtures;
import cn.docsearch.ingest.topics.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Bulk jobs: a batch of 1000 and a zip of 1000 are answered 202 at once, and their job ends done with one correct
 * result per item.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class JobResourceIT {
    private static final int THOUSAND = 1000;

    @Inject
    ObjectMapper objectMapper;

    @Test
    void aBatchOfAThousandIsAJobThatEndsDoneWithEveryItemsResult() throws Exception {
        String run = UUID.randomUUID().toString();
        List<Map<String, Object>> documents = new ArrayList<>();
        for (int i = 0; i < THOUSAND; i++) {
            documents.add(Map.of("content", "批量任务第" + i + "号通知：请各单位按时报送材料。" + run, "tags", List.of("批量任务")));
        }
        documents.set(10, Map.of("content", "   "));
        documents.set(20, documents.get(19));
        Response queued = given().contentType(ContentType.JSON).body(Map.of("documents", documents)).when().post("/jobs");
        queued.then().statusCode(202).body("state", equalTo("queued")).body("total", equalTo(THOUSAND));
        String id = queued.path("id");
        assertThat(queued.header("Location")).endsWith("/jobs/" + id);
        JsonPath done = awaitDone(id);
        assertThat(done.getString("kind")).isEqualTo("documents");
        assertThat(done.getInt("total")).isEqualTo(THOUSAND);
        assertThat(done.getInt("done")).isEqualTo(THOUSAND);
        assertThat(done.getInt("accepted")).isEqualTo(THOUSAND - 2);
        assertThat(done.getInt("duplicates")).isEqualTo(1);
        assertThat(done.getInt("refused")).isEqualTo(1);
        List<String> names = done.getList("items.name");
        assertThat(names).hasSize(THOUSAND).startsWith("documents[0]", "documents[1]").endsWith("documents[999]");
        assertThat(done.getString("items[10].status")).isEqualTo("refused");
        assertThat(done.getString("items[10].problem.type")).isEqualTo("urn:docsearch:problem:invalid-document");
        assertThat(done.getString("items[20].status")).isEqualTo("duplicate");
        assertThat(done.getString("items[20].id")).isEqualTo(done.getString("items[19].id"));
        List<String> acceptedIds = done.getList("items.findAll { it.status == 'accepted' }.id");
        assertThat(acceptedIds).hasSize(THOUSAND - 2).doesNotHaveDuplicates();
        given().get("/documents/" + acceptedIds.get(500)).then().statusCode(200).body("version", equalTo(1));

        List<ConsumerRecord<String, String>> input = TopicReader.all("document-jobs", id);
        EventContract.assertJobManifestConforms(objectMapper.readTree(input.get(input.size() - 1).value()));
        List<ConsumerRecord<String, String>> statuses = TopicReader.all("document-jobs.status", id);
        assertThat(statuses.size()).isGreaterThanOrEqualTo(3);
        for (ConsumerRecord<String, String> status : statuses) {
            EventContract.assertJobStatusConforms(objectMapper.readTree(status.value()));
        }
    }

    @Test
    void aZipOfAThousandIsAJobWithOneResultPerMember() {
        String run = UUID.randomUUID().toString();
        Map<String, byte[]> members = new HashMap<>();
        for (int i = 0; i < THOUSAND; i++) {
            members.put("通知/%04d.txt".formatted(i), ("第" + i + "份压缩包内的通知。" + run).getBytes(StandardCharsets.UTF_8));
        }
        members.put("通知/0500.txt", new byte[0]);
        String id = given().multiPart("file", "notices.zip", Fixtures.zip(members), "application/zip").multiPart("source", "办公室")
                .when().post("/jobs/files")
                .then().statusCode(202).body("state", equalTo("queued")).body("kind", equalTo("files"))
                .extract().path("id");
        JsonPath done = awaitDone(id);
        assertThat(done.getInt("total")).isEqualTo(THOUSAND);
        assertThat(done.getInt("accepted")).isEqualTo(THOUSAND - 1);
        assertThat(done.getString("items[0].name")).isEqualTo("notices.zip/通知/0000.txt");
        assertThat(done.getString("items[500].problem.type")).isEqualTo("urn:docsearch:problem:empty-file");
        assertThat(done.getList("items.id").stream().filter(itemId -> itemId != null).distinct().count())
                .isEqualTo(THOUSAND - 1);
        given().get("/jobs").then().statusCode(200).body("jobs.id", hasItem(id));
    }

    /** A 0-byte file has no piece in Kafka: the job still ends, with that file refused as empty. */
    @Test
    void anEmptyFileInAJobIsARefusedItem() {
        String id = given().multiPart("file", "notice.txt", ("空文件旁边的通知。" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8),
                        "text/plain").multiPart("file", "empty.txt", new byte[0], "text/plain")
                .when().post("/jobs/files").then().statusCode(202).extract().path("id");
        JsonPath done = awaitDone(id);
        assertThat(done.getInt("accepted")).isEqualTo(1);
        assertThat(done.getString("items[1].name")).isEqualTo("empty.txt");
        assertThat(done.getString("items[1].problem.type")).isEqualTo("urn:docsearch:problem:empty-file");
    }

    @Test
    void badJobsAreRefusedAtTheDoor() {
        given().contentType(ContentType.JSON).body("{\"documents\": [").when().post("/jobs")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("documents", List.of())).when().post("/jobs")
                .then().statusCode(400).body("type", equalTo("urn:docsearch:problem:invalid-document"));
        given().get("/jobs/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:job-not-found"));
        given().get("/jobs?limit=0").then().statusCode(400);
    }

    private static JsonPath awaitDone(String id) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            last[0] = given().get("/jobs/" + id).then().statusCode(200).extract().jsonPath();
            return "done".equals(last[0].getString("state"));
        });
        return last[0];
    }
}
