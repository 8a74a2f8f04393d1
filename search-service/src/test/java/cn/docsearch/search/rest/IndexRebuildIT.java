package cn.docsearch.search.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.TestInfrastructure;
import cn.docsearch.search.InfrastructureTestResource;
import cn.docsearch.search.support.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

/**
 * A rebuild fills a new index from the topic beside the live one, switches the alias once it has caught up, and
 * deletes the old index and its consumer groups; searches never fail or see fewer documents meanwhile, and
 * documents uploaded during the rebuild are searchable throughout and after.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(IndexRebuildIT.OwnTopic.class)
@WithTestResource(InfrastructureTestResource.class)
class IndexRebuildIT {
    static final String TOPIC = "documents-rebuild";
    private static final String ALIAS = "rebuild";
    private static final String WORD = "河道治理";

    public static class OwnTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("search.consumer.topic", TOPIC, "search.index.alias", ALIAS,
                    "search.consumer.group-id", "search-rebuild", "search.embedding.group-id", "search-rebuild-embedder",
                    "search.index.reconcile-interval", "500ms");
        }
    }

    @ConfigProperty(name = "search.index.version")
    String indexVersion;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    ElasticsearchClient elasticsearch;

    @Test
    @Order(1)
    void rebuildsWithoutDowntimeAndRemovesTheOldIndex() throws Exception {
        List<String> ids = new ArrayList<>();
        try (TopicWriter topic = new TopicWriter(objectMapper, TOPIC)) {
            for (int i = 1; i <= 40; i++) {
                ids.add(topic.publish("第" + i + "号河道治理情况通报", "本月完成" + WORD + "工程第" + i + "段，清理淤泥，加固堤防。"));
            }
        }
        awaitTotal(40);
        String old = given().get("/admin/index").then().statusCode(200).extract().path("live.index");
        assertThat(old).isEqualTo(ALIAS + "-" + indexVersion);

        SearchLoop loop = new SearchLoop();
        Thread searches = new Thread(loop);
        searches.start();
        try {
            String building = given().post("/admin/index/rebuild").then().statusCode(202)
                    .body("live.index", equalTo(old)).body("building.index", startsWith(ALIAS + "-" + indexVersion + "-"))
                    .extract().path("building.index");
            given().post("/admin/index/rebuild").then().statusCode(409)
                    .contentType("application/problem+json").body("type", equalTo("urn:docsearch:problem:rebuild-in-progress"));
            try (TopicWriter topic = new TopicWriter(objectMapper, TOPIC)) {
                for (int i = 41; i <= 45; i++) {
                    ids.add(topic.publish("第" + i + "号河道治理情况通报", "重建期间上报：" + WORD + "工程第" + i + "段已完工。"));
                }
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    given().get("/admin/index").then().statusCode(200)
                            .body("live.index", equalTo(building)).body("building", nullValue()));
            awaitTotal(45);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(elasticsearch.indices().exists(e -> e.index(old)).value()).as("old index deleted").isFalse();
                given().get("/admin/index").then().body("retired.size()", equalTo(0));
            });
        } finally {
            loop.stop();
            searches.join();
        }
        assertThat(loop.searches.get()).as("searches during the rebuild").isGreaterThan(10);
        assertThat(loop.failures).as("failed searches").isEmpty();
        assertThat(loop.fewest.get()).as("fewest documents a search saw").isGreaterThanOrEqualTo(40);

        // the new index got its vectors too, and its consumer groups are the only ones left of this alias
        String last = ids.get(ids.size() - 1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/documents/" + last + "/status").then().statusCode(200).body("status", equalTo("embedded")));
        String liveSuffix = given().get("/admin/index").path("live.index").toString().substring(ALIAS.length() + 1);
        try (Admin admin = Admin.create(TestInfrastructure.kafkaClientConfig())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Set<String> groups = admin.listGroups().all().get().stream().map(GroupListing::groupId)
                        .filter(group -> group.startsWith("search-rebuild")).collect(Collectors.toSet());
                assertThat(groups).containsExactlyInAnyOrder("search-rebuild-" + liveSuffix, "search-rebuild-embedder-" + liveSuffix);
            });
        }
    }

    @Test
    @Order(2)
    void aCancelledRebuildLeavesTheLiveIndexAndDeletesTheNewOne() {
        String live = given().get("/admin/index").then().statusCode(200).extract().path("live.index");
        given().delete("/admin/index/rebuild").then().statusCode(404).body("type", equalTo("urn:docsearch:problem:no-rebuild"));
        String building = given().post("/admin/index/rebuild").then().statusCode(202).extract().path("building.index");
        given().delete("/admin/index/rebuild").then().statusCode(202)
                .body("live.index", equalTo(live)).body("building", nullValue());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(elasticsearch.indices().exists(e -> e.index(building)).value()).as("cancelled index deleted").isFalse());
        awaitTotal(45);
    }

    private static void awaitTotal(long expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().queryParam("q", WORD).queryParam("mode", "keyword").get("/search")
                        .then().statusCode(200).body("total", equalTo((int) expected)));
    }

    /** Searches without pause, counting failures and the fewest documents any answer saw. */
    private static final class SearchLoop implements Runnable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong searches = new AtomicLong();
        final AtomicLong fewest = new AtomicLong(Long.MAX_VALUE);
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void run() {
            while (running.get()) {
                Response response = given().queryParam("q", WORD).queryParam("mode", "keyword").get("/search");
                searches.incrementAndGet();
                if (response.statusCode() != 200) {
                    failures.add(response.statusCode() + " " + response.asString());
                } else {
                    fewest.accumulateAndGet(((Number) response.path("total")).longValue(), Math::min);
                }
            }
        }

        void stop() {
            running.set(false);
        }
    }
}
