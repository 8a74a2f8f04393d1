package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.http.ContentType;

/**
 * Every service answers /q/metrics in Prometheus format with the figures an operator watches, and they move with
 * what the platform does: documents accepted and refused, publish latency, bulk requests, stage lag and per-partition
 * consumer lag, search latency by mode, access refusals.
 */
class MetricsEndToEndIT {

    @Test
    void eachServiceCountsWhatItDid() {
        LocalPlatform platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        String marker = "指标" + UUID.randomUUID().toString().substring(0, 8);
        String id = given().baseUri(platform.gatewayUrl()).header(LocalPlatform.API_KEY_HEADER, platform.adminKey())
                .contentType(ContentType.JSON).body(Map.of("title", marker + "情况通报", "content", "本月" + marker + "工作进展顺利。"))
                .post("/api/v1/documents").then().statusCode(202).extract().path("id");
        given().baseUri(platform.gatewayUrl()).header(LocalPlatform.API_KEY_HEADER, platform.adminKey())
                .contentType(ContentType.JSON).body(Map.of("content", " ")).post("/api/v1/documents").then().statusCode(400);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(platform.gatewayUrl())
                .header(LocalPlatform.API_KEY_HEADER, platform.adminKey()).queryParam("q", marker).queryParam("mode", "keyword")
                .get("/api/v1/search").then().statusCode(200).body("hits.id", hasItem(id)));
        given().baseUri(platform.gatewayUrl()).queryParam("q", marker).get("/api/v1/search").then().statusCode(401);

        String ingest = metrics(platform.ingestUrl());
        assertThat(value(ingest, "docsearch_documents_total", "outcome=\"accepted\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(ingest, "docsearch_documents_total", "reason=\"invalid-document\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(ingest, "docsearch_publish_seconds_count", "")).isGreaterThanOrEqualTo(1);

        String search = metrics(platform.searchUrl());
        assertThat(value(search, "docsearch_bulk_seconds_count", "")).isGreaterThanOrEqualTo(1);
        assertThat(value(search, "docsearch_bulk_documents_sum", "")).isGreaterThanOrEqualTo(1);
        assertThat(value(search, "docsearch_search_seconds_count", "mode=\"keyword\"")).isGreaterThanOrEqualTo(1);
        // a stage's lag reads -1 until its consumer has positions (just after an index rebuild went live, for one)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String lags = metrics(platform.searchUrl());
            assertThat(value(lags, "docsearch_stage_lag", "stage=\"indexing\"")).isGreaterThanOrEqualTo(0);
            assertThat(value(lags, "docsearch_stage_lag", "stage=\"embedding\"")).isGreaterThanOrEqualTo(0);
            assertThat(value(lags, "docsearch_partition_lag", "partition=\"0\"")).isGreaterThanOrEqualTo(0);
        });

        String gateway = metrics(platform.gatewayUrl());
        assertThat(value(gateway, "docsearch_requests_refused_total", "reason=\"unauthenticated\"")).isGreaterThanOrEqualTo(1);
        assertThat(gateway).contains("http_server_requests_seconds_count");
    }

    private static String metrics(String baseUrl) {
        return given().baseUri(baseUrl).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The sum of the samples of a metric whose labels contain the given text (Prometheus text format; a sample of a
     * traced request may carry an exemplar after '#').
     */
    private static double value(String metrics, String name, String label) {
        Matcher samples = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)( # .*)?$").matcher(metrics);
        double sum = 0;
        boolean found = false;
        while (samples.find()) {
            if (samples.group(1) == null ? label.isEmpty() : samples.group(1).contains(label)) {
                sum += Double.parseDouble(samples.group(2));
                found = true;
            }
        }
        assertThat(found).as("%s{%s} in %n%s", name, label, metrics.lines().filter(l -> l.startsWith("docsearch"))
                .reduce("", (a, b) -> a + b + "\n")).isTrue();
        return sum;
    }
}
