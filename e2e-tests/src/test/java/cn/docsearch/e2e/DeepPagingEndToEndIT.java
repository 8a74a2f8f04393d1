package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Deep paging and export through the gateway on the whole platform: 120 documents of a collection of their own that
 * all match one query, walked by the next cursor to the end in every mode (each document once), exported as NDJSON
 * (the walk's documents in the walk's order), and cursors of another search refused.
 */
class DeepPagingEndToEndIT {
    private static final List<String> MODES = List.of("keyword", "semantic", "hybrid");
    private static final String QUERY = "河道保洁";
    private static final String COLLECTION = "paging-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int DOCUMENTS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> submitted = new ArrayList<>();
    private static RequestSpecification gateway;

    @BeforeAll
    static void corpus() {
        LocalPlatform platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        gateway = new RequestSpecBuilder().setBaseUri(platform.gatewayUrl())
                .addHeader(LocalPlatform.API_KEY_HEADER, platform.adminKey()).build();
        for (int i = 1; i <= DOCUMENTS; i++) {
            submitted.add(given(gateway).contentType(ContentType.JSON)
                    .body(Map.of("title", "河道保洁简报第" + i + "期", "collection", COLLECTION,
                            "content", "镇里推进河道保洁，第" + i + "段河道完成清淤和垃圾打捞，保洁员每日巡河。"))
                    .post("/api/v1/documents").then().statusCode(202).extract().<String>path("id"));
        }
        for (String id : submitted) {
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given(gateway)
                    .get("/api/v1/documents/" + id + "/status").then().statusCode(200).body("status", equalTo("embedded")));
        }
        // embedded is searchable from the next refresh (the stage's own once caught up, else the index's: 2 min); by
        // meaning all of them are near the query
        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
            for (String mode : MODES) {
                assertThat(search(mode).get("/api/v1/search").<Integer>path("total")).as(mode).isEqualTo(DOCUMENTS);
            }
        });
    }

    /** The reports differ by their numbers only: near-identical, each page would fold them, so folding is off. */
    private static RequestSpecification search(String mode) {
        return given(gateway).queryParam("q", QUERY).queryParam("mode", mode).queryParam("collection", COLLECTION)
                .queryParam("size", 50).queryParam("fold", false);
    }

    private static List<String> walk(String mode) {
        List<String> walked = new ArrayList<>();
        Response page = search(mode).get("/api/v1/search");
        while (true) {
            walked.addAll(page.then().statusCode(200).body("total", equalTo(DOCUMENTS)).extract().<List<String>>path("hits.id"));
            String next = page.path("next");
            if (next == null) {
                return walked;
            }
            page = search(mode).queryParam("cursor", next).get("/api/v1/search");
        }
    }

    @Test
    void everyModesCursorWalksToTheEndAndTheExportGivesTheSameDocumentsInTheSameOrder() throws Exception {
        for (String mode : MODES) {
            List<String> walked = walk(mode);
            assertThat(walked).as(mode).hasSize(DOCUMENTS).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(submitted);

            Response export = search(mode).get("/api/v1/search/export");
            export.then().statusCode(200).contentType("application/x-ndjson");
            List<String> exported = new ArrayList<>();
            for (String line : export.asString().split("\n")) {
                JsonNode hit = JSON.readTree(line);
                assertThat(hit.path("collection").asText()).isEqualTo(COLLECTION);
                exported.add(hit.path("id").asText());
            }
            assertThat(exported).as(mode).isEqualTo(walked);
        }
    }

    @Test
    void aCursorOfAnotherSearchOrNoneAtAllIsA400Problem() {
        String next = search("keyword").get("/api/v1/search").path("next");
        search("hybrid").queryParam("cursor", next).get("/api/v1/search").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("urn:docsearch:problem:invalid-cursor"));
        search("keyword").queryParam("cursor", "x").get("/api/v1/search").then().statusCode(400)
                .body("type", equalTo("urn:docsearch:problem:invalid-cursor"));
        search("keyword").queryParam("page", 201).get("/api/v1/search").then().statusCode(400)
                .body("type", equalTo("urn:docsearch:problem:invalid-query"))
                .body("detail", containsString("'next' cursor"));
    }
}
