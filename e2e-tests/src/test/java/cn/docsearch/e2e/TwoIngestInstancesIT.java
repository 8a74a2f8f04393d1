package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Two ingest-service instances on one topic, each sent half of a burst of uploads at the same moment: every document is
 * written by the one instance that owns its partition, so one clientId never gets the same version twice and the same
 * content never becomes two documents.
 */
class TwoIngestInstancesIT {
    private static final int UPLOADS_PER_INSTANCE = 20;
    private static LocalPlatform platform;
    private static List<String> instances;
    private static ExecutorService clients;

    @BeforeAll
    static void twoInstances() throws Exception {
        platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        instances = List.of(platform.ingestUrl(), platform.startExtraInstance(LocalPlatform.Component.INGEST));
        clients = Executors.newFixedThreadPool(2 * 4);
        // the joining instance takes its partitions over in two rebalances (cooperative): until that has settled, a
        // write of a partition between owners is a 503 (safe to retry), which is not what these tests are about
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> IntStream.range(0, 12)
                .allMatch(i -> instance(instances.get(i % 2)).contentType("text/plain; charset=UTF-8")
                        .body("两个实例分区交接后的探测写入" + UUID.randomUUID()).post("/documents").statusCode() == 202));
    }

    /** Straight to an instance, as the gateway calls it: with the platform's internal token. */
    private static RequestSpecification instance(String url) {
        return given().baseUri(url).header(LocalPlatform.INTERNAL_TOKEN_HEADER, platform.internalToken());
    }

    /** Nothing but the platform's own services may call an instance directly. */
    @Test
    void anInstanceAnswersNoOneWithoutTheInternalToken() {
        given().baseUri(instances.get(0)).contentType("text/plain; charset=UTF-8").body("绕过网关的上传")
                .post("/documents").then().statusCode(401).contentType("application/problem+json");
        given().baseUri(platform.searchUrl()).queryParam("q", "通知").get("/search").then().statusCode(401);
    }

    @AfterAll
    static void stopClients() throws InterruptedException {
        clients.shutdownNow();
        platform.stopExtraInstances();
    }

    @Test
    void versionsOfOneClientIdSentToBothInstancesAreAllDifferent() throws Exception {
        String clientId = "two-instances-" + UUID.randomUUID();
        List<Callable<Response>> uploads = new ArrayList<>();
        for (int i = 0; i < 2 * UPLOADS_PER_INSTANCE; i++) {
            String instance = instances.get(i % 2);
            String content = "第" + i + "版会议纪要：两个实例同时收到同一文档的新版本。" + clientId;
            uploads.add(() -> instance(instance).contentType(ContentType.JSON)
                    .body(Map.of("clientId", clientId, "content", content)).post("/documents"));
        }
        List<Integer> versions = new ArrayList<>();
        String id = null;
        for (Future<Response> upload : clients.invokeAll(uploads)) {
            Response response = upload.get();
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
            versions.add(response.path("version"));
            id = response.path("id");
        }
        assertThat(versions).doesNotHaveDuplicates().hasSize(2 * UPLOADS_PER_INSTANCE);
        assertThat(versions).allMatch(version -> version >= 1 && version <= 2 * UPLOADS_PER_INSTANCE);
        for (String instance : instances) {
            instance(instance).get("/documents/" + id).then().statusCode(200);
        }
    }

    @Test
    void theSameContentSentToBothInstancesAtOnceIsOneDocument() throws Exception {
        String content = "同一份通知同时上传到两个实例，只能成为一个文档。" + UUID.randomUUID();
        List<Callable<Response>> uploads = new ArrayList<>();
        for (int i = 0; i < 2 * UPLOADS_PER_INSTANCE; i++) {
            String instance = instances.get(i % 2);
            uploads.add(() -> instance(instance).contentType("text/plain; charset=UTF-8").body(content)
                    .post("/documents"));
        }
        List<String> statuses = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Future<Response> upload : clients.invokeAll(uploads)) {
            Response response = upload.get();
            assertThat(response.statusCode()).as(response.asString()).isIn(200, 202);
            statuses.add(response.path("status"));
            ids.add(response.path("id"));
        }
        assertThat(statuses).filteredOn("accepted"::equals).hasSize(1);
        assertThat(ids).containsOnly(ids.get(0));
    }

    /**
     * A read sent to either instance sees the writes acknowledged before it, whichever instance wrote it: the owner of
     * the document's partition or not (several documents, so that each instance owns some and forwards some).
     */
    @Test
    void aDeleteSentToEitherInstanceIsSeenByBothAtOnce() {
        for (int i = 0; i < 10; i++) {
            String uploadedTo = instances.get(i % 2);
            String deletedBy = instances.get((i + 1) % 2);
            String id = instance(uploadedTo).contentType("text/plain; charset=UTF-8")
                    .body("将被另一个实例删除的通知" + UUID.randomUUID()).post("/documents")
                    .then().statusCode(202).extract().path("id");
            instance(deletedBy).get("/documents/" + id).then().statusCode(200);
            instance(deletedBy).delete("/documents/" + id).then().statusCode(202);
            for (String instance : instances) {
                instance(instance).get("/documents/" + id).then().statusCode(404);
            }
        }
    }

    /**
     * The file of a new version, uploaded through one instance, is the original both give back at once (never the file
     * it replaced), whichever of them owns the document's partition.
     */
    @Test
    void aNewVersionsFileIsTheOriginalBothGiveBackAtOnce() {
        for (int i = 0; i < 6; i++) {
            String clientId = "two-instances-original-" + UUID.randomUUID();
            String id = null;
            for (int version = 1; version <= 2; version++) {
                byte[] file = ("第" + version + "版值班安排：两个实例都应给出最新上传的文件。" + clientId)
                        .getBytes(StandardCharsets.UTF_8);
                id = instance(instances.get((i + version) % 2)).multiPart("file", "值班安排.txt", file, "text/plain")
                        .multiPart("clientId", clientId).post("/documents")
                        .then().statusCode(202).extract().path("id");
                for (String instance : instances) {
                    assertThat(instance(instance).get("/documents/" + id + "/original").then().statusCode(200)
                            .extract().asByteArray()).as("version %d from %s", version, instance).isEqualTo(file);
                }
            }
        }
    }
}
