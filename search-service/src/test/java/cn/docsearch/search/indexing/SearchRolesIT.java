package cn.docsearch.search.indexing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import cn.docsearch.kafka.TopicSettings;
import cn.docsearch.search.support.TopicWriter;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * search-service run as separate instances, one per role (issue 28), from its packaged jar, against the real Kafka and
 * Elasticsearch: a {@code query} instance that only answers, an {@code index} instance that only makes documents
 * searchable by words, and two {@code embed} instances sharing the embedding. A document goes through all of them;
 * an embed instance killed with work in hand has that work taken over by the other, which gives some of it up again to
 * a third that joins, and stops reporting their lag.
 */
class SearchRolesIT {
    private static final String TOPIC = "documents-roles";
    private static final Pattern EMBEDDING_LAG = Pattern.compile(
            "^docsearch_partition_lag\\{[^}]*stage=\"embedding [^}]*\\}", Pattern.MULTILINE);
    private static final Pattern PARTITION = Pattern.compile("partition=\"(\\d+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalPlatform platform;
    private static String query;
    private static String index;
    private static String embed;
    private static String otherEmbed;

    @BeforeAll
    static void instancesByRole() throws Exception {
        platform = TestInfrastructure.start(LocalPlatform.INFRASTRUCTURE);
        // four partitions, so that each embed instance has some
        new TopicSettings(TOPIC, 4, (short) 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                .apply(platform.kafkaClientConfig(), Duration.ofSeconds(30));
        // started side by side: each waits for its own readiness
        CompletableFuture<String> indexing = starting("index");
        CompletableFuture<String> embedding = starting("embed");
        CompletableFuture<String> otherEmbedding = starting("embed");
        CompletableFuture<String> querying = starting("query");
        index = indexing.join();
        embed = embedding.join();
        otherEmbed = otherEmbedding.join();
        query = querying.join();
    }

    private static CompletableFuture<String> starting(String roles) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return instance(roles);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    /** An instance of this test's own topic, index and groups, so that no other test's documents reach it. */
    private static String instance(String roles) throws Exception {
        return platform.startExtraInstance(LocalPlatform.Component.SEARCH, Map.of("search.roles", roles,
                "search.consumer.topic", TOPIC, "search.consumer.dead-letter-topic", TOPIC + ".dlq",
                "search.index.alias", "roles", "search.consumer.group-id", "search-roles",
                "search.embedding.group-id", "search-roles-embedder", "search.embedding.threads", "1",
                // the broker's smallest: a killed instance's partitions move on sooner
                "search.consumer.session-timeout", "6s"));
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        platform.stopExtraInstances();
    }

    private static RequestSpecification at(String instance) {
        return given().baseUri(instance).header(LocalPlatform.INTERNAL_TOKEN_HEADER, platform.internalToken());
    }

    @Test
    void aDocumentGoesThroughTheInstanceOfEachRole() throws Exception {
        String id;
        try (TopicWriter topic = new TopicWriter(JSON, TOPIC)) {
            id = topic.publish("关于推进县域冷链物流体系建设的实施意见",
                    "支持县城建设产地仓储保鲜设施，补齐农产品出村进城的冷链短板，降低生鲜农产品流通损耗。");
        }
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> at(query).get("/documents/" + id + "/status")
                .then().statusCode(200).body("status", equalTo("embedded")));
        // by words, and by meaning: a question in other words, answered through the passage's vector (the status is
        // read in real time, a search sees the write after the next refresh: the stage's own once caught up, else the
        // index's, 2 min)
        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
            at(query).queryParam("q", "冷链物流").queryParam("mode", "keyword").get("/search")
                    .then().statusCode(200).body("hits.id", hasItem(id));
            JsonPath semantic = at(query).queryParam("q", "怎样减少水果蔬菜运输途中的腐烂浪费").queryParam("mode", "semantic")
                    .queryParam("explain", true).get("/search").then().statusCode(200).extract().jsonPath();
            assertThat(semantic.<String>getList("hits.id")).contains(id);
            assertThat(semantic.<Float>get("hits.find { it.id == '" + id + "' }.explain.vectorSimilarity")).isNotNull();
        });

        // each instance runs its role's stages only, and says so
        assertThat(stages(query)).isEmpty();
        assertThat(stages(index)).containsExactly("indexing");
        assertThat(stages(otherEmbed)).containsExactly("embedding");
        // searches go to query instances: another one tells the caller so instead of loading the model for it
        at(index).queryParam("q", "冷链物流").get("/search").then().statusCode(421)
                .contentType("application/problem+json").body("type", equalTo("urn:docsearch:problem:not-a-query-instance"));
    }

    @Test
    void aKilledEmbedInstancesWorkIsTakenOver() throws Exception {
        List<String> ids = new ArrayList<>();
        try (TopicWriter topic = new TopicWriter(JSON, TOPIC)) {
            // about 500 passages, several seconds of work for each embed instance: one has some in hand when killed
            for (int i = 0; i < 40; i++) {
                StringBuilder body = new StringBuilder();
                for (int j = 0; j < 12; j++) {
                    body.append("第").append(i).append("号简报第").append(j).append("部分：本周组织农技人员分片包村")
                            .append(j + 2).append("次，指导春耕备耕和农资储备，排查灌溉渠系隐患").append(i * 10 + j)
                            .append("处，协调农机跨区作业，").append("确保各项措施落地见效，做到责任到人、任务到田。".repeat(12))
                            .append('\n');
                }
                String id = "roles-" + i + "-" + System.nanoTime();
                topic.publishQuietly(id, "第" + i + "号乡镇工作简报", body.toString().strip());
                ids.add(id);
            }
            topic.flush();
        }
        // the instance to be killed holds part of the work
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> embeddingLag(embed) > 0);
        platform.killExtraInstance(embed);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String id : ids) {
                at(query).get("/documents/" + id + "/status").then().statusCode(200).body("status", equalTo("embedded"));
            }
        });
        assertThat(stages(otherEmbed)).containsExactly("embedding");

        // a third embed instance takes partitions from the survivor, which stops reporting their lag: a gauge left
        // behind would show its last value for good, beside the new holder's
        String thirdEmbed = instance("embed");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> survivors = lagPartitions(otherEmbed);
            List<String> newcomers = lagPartitions(thirdEmbed);
            // an empty list first fails as an assertion, which the wait retries (AssertJ refuses an empty one to compare)
            assertThat(newcomers).isNotEmpty();
            assertThat(survivors).isNotEmpty().doesNotContainAnyElementsOf(newcomers);
            assertThat(survivors.size() + newcomers.size()).isEqualTo(4);
        });
    }

    /** The partitions whose embedding lag the instance reports (docsearch_partition_lag). */
    private static List<String> lagPartitions(String instance) {
        String metrics = at(instance).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher lag = EMBEDDING_LAG.matcher(metrics);
        List<String> partitions = new ArrayList<>();
        while (lag.find()) {
            Matcher partition = PARTITION.matcher(lag.group());
            if (partition.find()) {
                partitions.add(partition.group(1));
            }
        }
        return partitions;
    }

    /** The stages the instance's readiness shows for the live index (running or not). */
    private static List<String> stages(String instance) {
        Map<String, Object> data = readiness(instance);
        return List.of("indexing", "embedding").stream().filter(data::containsKey).toList();
    }

    private static long embeddingLag(String instance) {
        Object lag = readiness(instance).get("embeddingLag");
        return lag == null ? 0 : ((Number) lag).longValue();
    }

    private static Map<String, Object> readiness(String instance) {
        JsonPath health = at(instance).get("/q/health/ready").then().extract().jsonPath();
        return health.getMap("checks.find { it.name == 'indexing' }.data");
    }
}
