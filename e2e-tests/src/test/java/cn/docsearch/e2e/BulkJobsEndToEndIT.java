package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Bulk jobs through the gateway: a batch of 1000 and a zip of 1000 are answered at once and end done with one correct
 * result per item; a job whose ingest-service is killed half-way ends done after the restart with nothing lost or
 * doubled, and so does one through a Kafka outage; the same 1000 sent again synchronously are answered (no 504), each
 * a duplicate of the job's document.
 */
class BulkJobsEndToEndIT {
    private static final int THOUSAND = 1000;
    private static LocalPlatform platform;
    private static RequestSpecification gateway;

    @BeforeAll
    static void platform() {
        platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        gateway = new RequestSpecBuilder().setBaseUri(platform.gatewayUrl())
                .addHeader(LocalPlatform.API_KEY_HEADER, platform.adminKey()).build();
    }

    @Test
    void aBatchOfAThousandIsAJobThatEndsDoneAndTheSameBatchSentAgainIsAnsweredAtOnce() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (int i = 0; i < THOUSAND; i++) {
            documents.add(Map.of("content", "第" + i + "号工作简报：" + run + "项目进展顺利。", "tags", List.of(run)));
        }
        Response queued = given(gateway).contentType(ContentType.JSON).body(Map.of("documents", documents))
                .post("/api/v1/jobs");
        queued.then().statusCode(202).body("state", equalTo("queued")).body("kind", equalTo("documents"));
        assertThat(queued.header("Location")).endsWith("/api/v1/jobs/" + queued.path("id"));

        JsonPath done = awaitDone(queued.path("id"), Duration.ofMinutes(2));
        assertThat(done.getInt("accepted")).isEqualTo(THOUSAND);
        List<String> ids = done.getList("items.id");
        assertThat(ids).hasSize(THOUSAND).doesNotHaveDuplicates().doesNotContainNull();

        JsonPath again = given(gateway).contentType(ContentType.JSON).body(Map.of("documents", documents))
                .post("/api/v1/documents/batch").then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("duplicates")).isEqualTo(THOUSAND);
        assertThat(again.getList("items.id")).isEqualTo(ids);
    }

    @Test
    void aZipJobWhoseServiceIsKilledHalfWayEndsDoneWithNothingLostOrDoubled() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        byte[] zip = zipOfAThousand(run, "材料归档");
        String id = startZipJob(zip, run);
        platform.kill(LocalPlatform.Component.INGEST);
        platform.start(EnumSet.of(LocalPlatform.Component.INGEST));

        assertAllAcceptedOnceAndIndexed(awaitDone(id, Duration.ofMinutes(3)), run);
        JsonPath again = given(gateway).multiPart("file", "archive.zip", zip, "application/zip")
                .post("/api/v1/documents/files").then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("duplicates")).isEqualTo(THOUSAND);
    }

    /** Kafka stops in the middle of a job: the items it did not take are retried until it is back, none is lost. */
    @Test
    void aZipJobThroughAKafkaOutageEndsDoneWithNothingLostOrDoubled() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String id = startZipJob(zipOfAThousand(run, "汛期值班"), run);
        platform.stop(EnumSet.of(LocalPlatform.Component.KAFKA));
        Thread.sleep(15_000);
        platform.start(EnumSet.of(LocalPlatform.Component.KAFKA));

        assertAllAcceptedOnceAndIndexed(awaitDone(id, Duration.ofMinutes(5)), run);
    }

    private static byte[] zipOfAThousand(String run, String subject) throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (int i = 0; i < THOUSAND; i++) {
            members.put("notices/%04d.txt".formatted(i), ("关于做好第" + i + "批" + run + subject + "工作的通知")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return GatewayEndToEndIT.zip(members);
    }

    /** Sends the zip as a job tagged with the run, and returns its id once some of its items have results. */
    private static String startZipJob(byte[] zip, String run) {
        String id = given(gateway).multiPart("file", "archive.zip", zip, "application/zip").multiPart("tags", run)
                .post("/api/v1/jobs/files").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath job = given(gateway).get("/api/v1/jobs/" + id).then().extract().jsonPath();
            return "running".equals(job.getString("state")) && job.getInt("done") > 0;
        });
        return id;
    }

    /** Every item accepted (also those stored before the fault), each once, and exactly that many in the index. */
    private static void assertAllAcceptedOnceAndIndexed(JsonPath done, String run) throws InterruptedException {
        assertThat(done.getInt("total")).isEqualTo(THOUSAND);
        assertThat(done.getInt("accepted")).as("every item accepted, also those stored before the fault").isEqualTo(THOUSAND);
        List<String> ids = done.getList("items.id");
        assertThat(ids).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(done.getString("items[999].name")).isEqualTo("archive.zip/notices/0999.txt");

        Map<String, Object> byTag = Map.of("query", Map.of("term", Map.of("tags", run)));
        await().atMost(Duration.ofMinutes(2)).until(() -> count(byTag) == THOUSAND);
        // nothing doubled: the count stays there
        await("nothing doubled").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> count(byTag) == THOUSAND);
    }

    private static long count(Map<String, Object> query) {
        return given().baseUri(platform.elasticsearchUrl()).header("Authorization", platform.elasticsearchAuthorization())
                .contentType(ContentType.JSON).body(query)
                .post("/documents/_count").then().statusCode(200).extract().jsonPath().getLong("count");
    }

    /** Polls the job until done; an answer other than 200 (its service restarting) is polled again. */
    private static JsonPath awaitDone(String id, Duration atMost) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            Response response = given(gateway).get("/api/v1/jobs/" + id);
            if (response.statusCode() != 200) {
                return false;
            }
            last[0] = response.jsonPath();
            return "done".equals(last[0].getString("state"));
        });
        return last[0];
    }
}
