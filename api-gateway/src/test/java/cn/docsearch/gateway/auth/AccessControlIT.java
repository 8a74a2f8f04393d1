package cn.docsearch.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;

import cn.docsearch.gateway.KafkaTestResource;
import cn.docsearch.gateway.ServicesDown;
import cn.docsearch.gateway.TopicRecords;
import cn.docsearch.gateway.auth.rest.AuthenticationFilter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Who may call what, on the gateway with its keys in a real Kafka (its services unreachable: a route a key may use
 * answers anything but 401 and 403, here mostly 503). The policy below is the specification; every operation of the
 * OpenAPI document must appear in it.
 */
@QuarkusTest
@TestProfile(ServicesDown.class)
@WithTestResource(KafkaTestResource.class)
class AccessControlIT {
    private static final Map<String, Role> POLICY = Map.ofEntries(
            Map.entry("search", Role.READER), Map.entry("exportSearch", Role.READER), Map.entry("suggestSearch", Role.READER),
            Map.entry("getDocument", Role.READER),
            Map.entry("getDocumentStatus", Role.READER),
            Map.entry("getDocumentOriginal", Role.READER), Map.entry("similarDocuments", Role.READER),
            Map.entry("documentDuplicates", Role.READER), Map.entry("similarPassages", Role.READER),
            Map.entry("analyze", Role.READER),
            Map.entry("submitDocument", Role.WRITER), Map.entry("submitText", Role.WRITER),
            Map.entry("uploadFiles", Role.WRITER), Map.entry("submitBatch", Role.WRITER),
            Map.entry("deleteDocument", Role.WRITER), Map.entry("submitBatchJob", Role.WRITER),
            Map.entry("uploadFilesJob", Role.WRITER), Map.entry("getJob", Role.WRITER), Map.entry("listJobs", Role.WRITER),
            Map.entry("getIndexStatus", Role.ADMIN), Map.entry("rebuildIndex", Role.ADMIN),
            Map.entry("cancelIndexRebuild", Role.ADMIN), Map.entry("getDictionary", Role.ADMIN),
            Map.entry("updateDictionary", Role.ADMIN), Map.entry("createApiKey", Role.ADMIN),
            Map.entry("listApiKeys", Role.ADMIN), Map.entry("revokeApiKey", Role.ADMIN),
            Map.entry("listAuditEntries", Role.ADMIN), Map.entry("getPlatformStats", Role.ADMIN));

    /** A key of each role, created once through the API with the bootstrap admin key. */
    private static final Map<Role, String> KEYS = new EnumMap<>(Role.class);

    @BeforeEach
    void createOneKeyPerRole() {
        for (Role role : Role.values()) {
            KEYS.computeIfAbsent(role, r -> createKey(KafkaTestResource.ADMIN_KEY,
                    Map.of("name", "test " + r.wireName(), "role", r.wireName(), "requestsPerSecond", 10_000))
                    .path("secret").asText());
        }
    }

    @Test
    void everyRouteOfTheOpenApiDocumentAdmitsExactlyTheRolesOfThePolicy() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString()).path("paths");
        List<String> wrong = new ArrayList<>();
        int walked = 0;
        for (var path : (Iterable<Map.Entry<String, JsonNode>>) paths::fields) {
            for (var method : (Iterable<Map.Entry<String, JsonNode>>) path.getValue()::fields) {
                String operationId = method.getValue().path("operationId").asText();
                Role required = POLICY.get(operationId);
                if (required == null) {
                    wrong.add(operationId + ": not in the policy of this test");
                    continue;
                }
                walked++;
                String where = method.getKey().toUpperCase() + " " + path.getKey();
                String contentType = method.getValue().path("requestBody").path("content").fieldNames().hasNext()
                        ? method.getValue().path("requestBody").path("content").fieldNames().next() : null;
                expect(wrong, operationId, call(null, method.getKey(), path.getKey(), contentType), 401);
                for (Role role : Role.values()) {
                    int status = call(KEYS.get(role), method.getKey(), path.getKey(), contentType).statusCode();
                    boolean allowed = role.includes(required);
                    if (allowed ? status == 401 || status == 403 : status != 403) {
                        wrong.add(where + " with a " + role.wireName() + " key: " + status
                                + (allowed ? ", expected it allowed" : ", expected 403"));
                    }
                }
                for (String refusal : List.of("401", "403", "429")) {
                    if (method.getValue().path("responses").path(refusal).isMissingNode()) {
                        wrong.add(where + ": the document does not declare " + refusal);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(walked).isEqualTo(POLICY.size());
    }

    /** The operations the document hides (the documents' own path with text or files) are writers' too. */
    @Test
    void hiddenSubmissionRoutesNeedAWriter() {
        for (String contentType : List.of(ContentType.TEXT.toString(), "multipart/form-data")) {
            assertThat(call(KEYS.get(Role.READER), "post", "/api/v1/documents", contentType).statusCode()).isEqualTo(403);
            assertThat(call(KEYS.get(Role.WRITER), "post", "/api/v1/documents", contentType).statusCode())
                    .isNotIn(401, 403);
        }
    }

    @Test
    void refusalsAreProblemsThatSayWhatIsMissing() {
        given().queryParam("q", "报告").when().get("/api/v1/search")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"docsearch\"")
                .body("type", equalTo("urn:docsearch:problem:unauthenticated"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").queryParam("q", "报告").when().get("/api/v1/search")
                .then().statusCode(401).body("type", equalTo("urn:docsearch:problem:unauthenticated"));
        given().header(AuthenticationFilter.API_KEY_HEADER, "dsk_never-issued").queryParam("q", "报告").when()
                .get("/api/v1/search")
                .then().statusCode(401).body("type", equalTo("urn:docsearch:problem:invalid-api-key"));
        given().header(AuthenticationFilter.API_KEY_HEADER, KEYS.get(Role.READER)).when().delete("/api/v1/documents/x")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:forbidden"))
                .body("detail", equalTo("This needs the role writer; the key has the role reader"));
    }

    @Test
    void theKeyWorksAsBearerTokenToo() {
        given().header("Authorization", "Bearer " + KEYS.get(Role.READER)).queryParam("q", "报告")
                .when().get("/api/v1/search").then().statusCode(503);
    }

    @Test
    void healthOpenApiAndTheSearchPageNeedNoKey() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/").then().statusCode(200);
        given().when().get("/search.js").then().statusCode(200);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndStaysListed() {
        JsonNode created = createKey(KafkaTestResource.ADMIN_KEY, Map.of("name", "临时终端", "role", "reader"));
        String secret = created.path("secret").asText();
        String id = created.path("key").path("id").asText();
        assertThat(secret).startsWith("dsk_");
        given().header(AuthenticationFilter.API_KEY_HEADER, secret).queryParam("q", "报告").when().get("/api/v1/search")
                .then().statusCode(503);

        admin().when().delete("/api/v1/admin/keys/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("revokedAt", notNullValue())
                .body("revokedBy", equalTo("bootstrap-admin"));
        given().header(AuthenticationFilter.API_KEY_HEADER, secret).queryParam("q", "报告").when().get("/api/v1/search")
                .then().statusCode(401).body("type", equalTo("urn:docsearch:problem:invalid-api-key"));

        String listing = admin().when().get("/api/v1/admin/keys").then().statusCode(200)
                .body("keys.find { it.id == '" + id + "' }.name", equalTo("临时终端"))
                .body("keys.find { it.id == '" + id + "' }.collections", equalTo(List.of("default")))
                .body("keys.find { it.id == '" + id + "' }.revokedAt", notNullValue())
                .extract().asString();
        assertThat(listing).doesNotContain(secret).doesNotContain("secretHash")
                .doesNotContain(secret.substring(4, 20));
        admin().when().delete("/api/v1/admin/keys/key_unknown").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aKeyIsGivenNoMoreThanItsCreatorHas() {
        admin().contentType(ContentType.JSON).body(Map.of("name", "x", "role", "owner")).when().post("/api/v1/admin/keys")
                .then().statusCode(400).contentType("application/problem+json");
        admin().contentType(ContentType.JSON).body(Map.of("role", "reader")).when().post("/api/v1/admin/keys")
                .then().statusCode(400).body("type", equalTo("urn:docsearch:problem:invalid-api-key-request"));
        admin().contentType(ContentType.JSON).body(Map.of("name", "x", "role", "reader", "collections", List.of("A B")))
                .when().post("/api/v1/admin/keys").then().statusCode(400);
        String scopedAdmin = createKey(KafkaTestResource.ADMIN_KEY,
                Map.of("name", "办公室管理员", "role", "admin", "collections", List.of("office"))).path("secret").asText();
        given().header(AuthenticationFilter.API_KEY_HEADER, scopedAdmin).contentType(ContentType.JSON)
                .body(Map.of("name", "y", "role", "reader", "collections", List.of("finance")))
                .when().post("/api/v1/admin/keys").then().statusCode(403);
        given().header(AuthenticationFilter.API_KEY_HEADER, scopedAdmin).contentType(ContentType.JSON)
                .body(Map.of("name", "y", "role", "reader", "collections", List.of("office")))
                .when().post("/api/v1/admin/keys").then().statusCode(201).body("key.collections", equalTo(List.of("office")))
                .body("key.createdBy", not(equalTo("bootstrap-admin"))).body("key.secretHash", nullValue());
    }

    /** A key of 1 request per second gets 1 at once (its own rate bounds its burst), then a 429, then one a second. */
    @Test
    void aKeyOverItsRateGets429WithRetryAfterAndThenRecovers() throws InterruptedException {
        String slow = createKey(KafkaTestResource.ADMIN_KEY, Map.of("name", "慢速终端", "role", "reader",
                "requestsPerSecond", 1)).path("secret").asText();
        given().header(AuthenticationFilter.API_KEY_HEADER, slow).queryParam("q", "报告").when().get("/api/v1/search")
                .then().statusCode(503);
        given().header(AuthenticationFilter.API_KEY_HEADER, slow).queryParam("q", "报告").when().get("/api/v1/search")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", "1")
                .body("type", equalTo("urn:docsearch:problem:rate-limited"));
        Thread.sleep(1_100);
        given().header(AuthenticationFilter.API_KEY_HEADER, slow).queryParam("q", "报告").when().get("/api/v1/search")
                .then().statusCode(503);
    }

    /**
     * A key of 5 requests per second sending 30 at once gets its burst of 5 through, plus what its rate refilled while
     * the 30 were sent, never the configured default burst (100); the rest are 429 problems with Retry-After.
     */
    @Test
    void aKeysOwnRateBoundsItsBurst() throws Exception {
        String key = createKey(KafkaTestResource.ADMIN_KEY, Map.of("name", "突发终端", "role", "reader",
                "requestsPerSecond", 5)).path("secret").asText();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest search = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/api/v1/search?q=%E6%8A%A5%E5%91%8A"))
                .header(AuthenticationFilter.API_KEY_HEADER, key).GET().build();
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add(client.sendAsync(search, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : sent) {
            answers.add(answer.get(30, TimeUnit.SECONDS));
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        long through = answers.stream().filter(answer -> answer.statusCode() != 429).count();
        assertThat(through).as("requests let through in %.2f s", seconds)
                .isBetween(5L, 5L + (long) Math.ceil(seconds * 5));
        for (HttpResponse<String> answer : answers) {
            if (answer.statusCode() == 429) {
                assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                        assertThat(type).startsWith("application/problem+json"));
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(answer.body()).contains("urn:docsearch:problem:rate-limited").contains("5 at once");
            } else {
                assertThat(answer.statusCode()).isEqualTo(503);
            }
        }
    }

    /** Every record of the keys' topic conforms to docs/events/api-key.schema.json and holds no secret. */
    @Test
    void theKeysTopicHoldsHashesInTheDocumentedShape() throws Exception {
        JsonNode created = createKey(KafkaTestResource.ADMIN_KEY, Map.of("name", "契约检查", "role", "writer",
                "collections", List.of("office", "finance"), "requestsPerSecond", 5));
        String secret = created.path("secret").asText();
        admin().when().delete("/api/v1/admin/keys/" + created.path("key").path("id").asText()).then().statusCode(200);
        JsonSchema schema = TopicRecords.schema("api-key.schema.json");
        List<String> records = TopicRecords.read("api-keys");
        assertThat(records).anyMatch(record -> record.contains("契约检查") && record.contains("revokedAt"));
        ObjectMapper json = new ObjectMapper();
        for (String record : records) {
            assertThat(schema.validate(json.readTree(record))).as(record).isEmpty();
            assertThat(record).doesNotContain(secret).doesNotContain(secret.substring(4));
        }
    }

    private static void expect(List<String> wrong, String operationId, Response response, int status) {
        if (response.statusCode() != status || !response.contentType().startsWith("application/problem+json")) {
            wrong.add(operationId + " without a key: " + response.statusCode() + " " + response.contentType());
        }
    }

    private static Response call(String key, String method, String path, String contentType) {
        RequestSpecification request = given().urlEncodingEnabled(true);
        if (key != null) {
            request.header(AuthenticationFilter.API_KEY_HEADER, key);
        }
        if ("multipart/form-data".equals(contentType)) {
            request.multiPart("file", "a.txt", "测试".getBytes(StandardCharsets.UTF_8), "text/plain");
        } else if (contentType != null && contentType.startsWith("text/")) {
            request.contentType(ContentType.TEXT.withCharset(StandardCharsets.UTF_8)).body("测试");
        } else if (contentType != null) {
            request.contentType(ContentType.JSON).body("{}");
        }
        return request.queryParam("q", "报告").request(method, path.replaceAll("\\{[^}]+}", "some-id"));
    }

    private static RequestSpecification admin() {
        return given().header(AuthenticationFilter.API_KEY_HEADER, KafkaTestResource.ADMIN_KEY);
    }

    private static JsonNode createKey(String byKey, Map<String, Object> key) {
        try {
            return new ObjectMapper().readTree(given().header(AuthenticationFilter.API_KEY_HEADER, byKey)
                    .contentType(ContentType.JSON).body(key).when().post("/api/v1/admin/keys")
                    .then().statusCode(201).header("Location", notNullValue()).extract().asString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
