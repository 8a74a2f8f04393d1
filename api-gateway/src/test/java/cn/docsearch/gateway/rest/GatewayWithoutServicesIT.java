package cn.docsearch.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.gateway.KafkaTestResource;
import cn.docsearch.gateway.SendsAdminKey;
import cn.docsearch.gateway.ServicesDown;
import cn.docsearch.gateway.auth.rest.AuthenticationFilter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;

/**
 * The gateway alone, its services unreachable: every route still answers with a problem, never a 500
 * or a hang. The gateway against the real services is tested end to end in e2e-tests.
 */
@QuarkusTest
@TestProfile(ServicesDown.class)
@WithTestResource(KafkaTestResource.class)
@ExtendWith(SendsAdminKey.class)
class GatewayWithoutServicesIT {

    @Test
    void unreachableServiceIs503ProblemNamingNoService() {
        given().contentType(ContentType.JSON).body(Map.of("content", "测试"))
                .when().post("/api/v1/documents")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:service-unavailable"))
                .body("detail", not(containsString("ingest-service")));
        // clients know the gateway only: no detail names a service behind it
        given().queryParam("q", "报告").when().get("/api/v1/search")
                .then().statusCode(503)
                .body("type", equalTo("urn:docsearch:problem:service-unavailable"))
                .body("detail", not(containsString("search-service")));
    }

    @Test
    void jsonNestedTooDeeplyIsAProblem() {
        given().contentType(ContentType.JSON).body("[".repeat(3000) + "]".repeat(3000))
                .when().post("/api/v1/documents")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", not(containsString("StreamReadConstraints")));
    }

    @Test
    void malformedJsonIsRefusedBeforeAnyCall() {
        given().contentType(ContentType.JSON).body("{\"content\":")
                .when().post("/api/v1/documents")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:malformed-json"));
    }

    @Test
    void unknownRouteAndWrongMediaTypeAreProblems() {
        given().when().get("/api/v1/nothing-here").then().statusCode(404);
        given().contentType("application/xml").body("<a/>").when().post("/api/v1/documents")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void readinessReportsTheServicesDown() {
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'downstream' }.data.'ingest-service'", equalTo("unreachable"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void openApiDescribesThePublicApiWithExamples() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("docsearch API"))
                .body("paths.'/api/v1/search'.get.parameters.find { it.name == 'q' }.example", notNullValue())
                .body("paths.'/api/v1/documents'.post.responses.'202'", notNullValue())
                .body("paths.'/api/v1/documents'.post.responses.'503'.content.'application/problem+json'", notNullValue());
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    /**
     * What a client generator needs (openapi-generator refuses a response without a description, and names methods
     * after operationIds): every operation has a unique, stable operationId, every response a description.
     */
    @Test
    void everyOperationHasAnOperationIdAndEveryResponseADescription() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString()).path("paths");
        Set<String> operationIds = new HashSet<>();
        List<String> problems = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            String where = method.getKey() + " " + path.getKey();
            String operationId = method.getValue().path("operationId").asText("");
            if (operationId.isEmpty() || !operationIds.add(operationId)) {
                problems.add(where + ": operationId missing or not unique: '" + operationId + "'");
            }
            method.getValue().path("responses").fields().forEachRemaining(response -> {
                if (response.getValue().path("description").asText("").isBlank()) {
                    problems.add(where + " " + response.getKey() + ": no description");
                }
            });
        }));
        assertThat(operationIds).contains("search", "submitDocument", "submitText", "uploadFiles", "submitBatch",
                "getDocument", "getDocumentStatus", "deleteDocument", "similarDocuments", "documentDuplicates",
                "similarPassages", "analyze", "submitBatchJob", "uploadFilesJob", "getJob", "listJobs");
        assertThat(problems).isEmpty();
    }

    /** A client generator makes one method per operation: each way to submit must be an operation of its own. */
    @Test
    void eachWayToSubmitIsAnOperationOfItsOwn() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString()).path("paths");
        assertThat(paths.path("/api/v1/documents").path("post").path("requestBody").path("content").fieldNames())
                .toIterable().containsExactly("application/json");
        assertThat(paths.path("/api/v1/documents/text").path("post").path("requestBody").path("content").fieldNames())
                .toIterable().containsExactly("text/plain");
        assertThat(paths.path("/api/v1/documents/files").path("post").path("requestBody").path("content").fieldNames())
                .toIterable().containsExactly("multipart/form-data");
    }

    /** Malformed requests are the client's fault: 400 problems, never a 404 for a bad value or a bare 500. */
    @Test
    void malformedRequestsAre400Problems() {
        given().queryParam("q", "乡村振兴").queryParam("page", "abc").when().get("/api/v1/search")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:invalid-parameter"));
        // a hand-written body, sent as it is
        given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("multipart/form-data", ContentType.TEXT)))
                .contentType("multipart/form-data; boundary=XYZ")
                .body("--ABC\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--ABC--\r\n")
                .when().post("/api/v1/documents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:unreadable-request"));
        given().queryParam("q", "长".repeat(3_000)).when().get("/api/v1/search")
                .then().statusCode(414).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:uri-too-long"));
    }

    /** A JSON or text body over its limit is refused from its length, before it is read or forwarded. */
    @Test
    void oversizedJsonAndTextBodiesAreRefusedAtTheDoor() {
        String text = "长".repeat(3_200_000);
        given().contentType("application/json").body("{\"content\": \"" + text + "\"}").when().post("/api/v1/documents")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:body-too-large"));
        given().contentType("text/plain; charset=UTF-8").body(text).when().post("/api/v1/documents/text")
                .then().statusCode(413).body("type", equalTo("urn:docsearch:problem:body-too-large"));
        // the same JSON is within a batch's limit: it goes on (to an ingest-service that is not there)
        given().contentType("application/json").body("{\"documents\": [{\"content\": \"" + text + "\"}]}")
                .when().post("/api/v1/documents/batch").then().statusCode(503);
    }

    /** A JSON body sent in chunks could only be measured by reading it whole: it is refused until it says its length. */
    @Test
    void aChunkedJsonBodyIsRefusedWithoutBeingRead() throws Exception {
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/documents"))
                        .header(AuthenticationFilter.API_KEY_HEADER, KafkaTestResource.ADMIN_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                "{\"content\": \"分块发送的正文\"}".getBytes(StandardCharsets.UTF_8))))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(411);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        assertThat(answer.body()).contains("urn:docsearch:problem:length-required");
    }

    /** The page runs only scripts of this origin (none inline), under a policy that says so. */
    @Test
    void searchPageIsServedUnderAContentSecurityPolicy() {
        given().when().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("<script src=\"/search.js\""))
                .body(not(containsString("<script>")))
                .body(not(containsString("<style>")));
        given().when().get("/search.js").then().statusCode(200).body(containsString("/api/v1/search"));
        given().when().get("/api/v1/search").then().header("Content-Security-Policy", notNullValue())
                .header("Referrer-Policy", "no-referrer");
    }

    /** Browsers on another origin may call the API only from the origins configured (none by default). */
    @Test
    void crossOriginCallsAreAllowedOnlyFromConfiguredOrigins() {
        given().header("Origin", "https://intranet.example").header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/search")
                .then().header("Access-Control-Allow-Origin", "https://intranet.example");
        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/search")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    /** A body that stops half-way is answered 408 once the body timeout (3 s in tests) is past, and the connection closed. */
    @Test
    void aBodyThatStopsHalfWayIsAnswered408AndItsConnectionClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            String head = "POST /api/v1/documents HTTP/1.1\r\nHost: localhost\r\n" + AuthenticationFilter.API_KEY_HEADER
                    + ": " + KafkaTestResource.ADMIN_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write((head + "{\"title\":\"半截").getBytes(StandardCharsets.UTF_8));
            out.flush();

            // everything the gateway sends until it closes the connection (a read timeout fails the test)
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json")
                    .contains("urn:docsearch:problem:request-timeout");
        }
    }

    /**
     * A 50 MB JSON document is refused from its Content-Length alone, before a byte of its body is read: the answer
     * comes while the client has sent only the headers, so the body never reaches the gateway's heap.
     */
    @Test
    void aFiftyMegabyteJsonBodyIsRefusedBeforeItIsRead() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            String head = "POST /api/v1/documents HTTP/1.1\r\nHost: localhost\r\n" + AuthenticationFilter.API_KEY_HEADER
                    + ": " + KafkaTestResource.ADMIN_KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + 50 * 1024 * 1024 + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();

            byte[] answer = new byte[4096];
            int read = socket.getInputStream().read(answer);
            assertThat(new String(answer, 0, Math.max(read, 0), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 413")
                    .contains("urn:docsearch:problem:body-too-large");
        }
    }
}
