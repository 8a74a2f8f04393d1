package cn.docsearch.gateway.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import cn.docsearch.gateway.StandInServer;
import cn.docsearch.gateway.KafkaTestResource;
import cn.docsearch.gateway.SendsAdminKey;
import cn.docsearch.gateway.auth.rest.AuthenticationFilter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The public uploadFiles (POST /api/v1/documents/files) against a stand-in ingest-service: the files go to its
 * POST /documents/files, whose batch receipt is the answer as it is, one file or several; its problems are passed on.
 * The documents' own path with files still goes to POST /documents and answers one file as one document.
 */
@QuarkusTest
@TestProfile(IngestUploadsIT.StandInIngestService.class)
@WithTestResource(KafkaTestResource.class)
@ExtendWith(SendsAdminKey.class)
class IngestUploadsIT {
    static final String ACCEPTED = "{\"accepted\":1,\"duplicates\":0,\"refused\":0,\"items\":[{\"name\":\"通知.docx\","
            + "\"status\":\"accepted\",\"id\":\"5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10\",\"version\":1,"
            + "\"contentHash\":\"sha256:ab12\"}]}";
    static final String REFUSED = "{\"accepted\":0,\"duplicates\":0,\"refused\":1,\"items\":[{\"name\":\"empty.txt\","
            + "\"status\":\"refused\",\"problem\":{\"type\":\"urn:docsearch:problem:empty-file\",\"title\":\"Document refused\","
            + "\"status\":400,\"detail\":\"empty.txt: the file is empty (0 bytes)\"}}]}";
    static final String BROKER_DOWN = "{\"type\":\"urn:docsearch:problem:broker-unavailable\",\"title\":\"Document not accepted\","
            + "\"status\":503,\"detail\":\"Kafka did not confirm the document\"}";
    static final String DOCUMENT = "{\"id\":\"5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10\",\"status\":\"accepted\",\"title\":\"通知\","
            + "\"contentHash\":\"sha256:ab12\",\"version\":1,\"charCount\":12}";
    static final Map<String, String> LAST_REQUEST = new ConcurrentHashMap<>();

    /** The gateway pointed at a stand-in ingest-service on a port of its own. */
    public static class StandInIngestService implements QuarkusTestProfile {
        static final HttpServer SERVER = StandInServer.start("stand-in-ingest-service", IngestUploadsIT::answer);

        @Override
        public Map<String, String> getConfigOverrides() {
            String url = "http://127.0.0.1:" + SERVER.getAddress().getPort();
            return Map.of("quarkus.rest-client.ingest-service.url", url, "quarkus.rest-client.ingest-uploads.url", url);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        LAST_REQUEST.clear();
        LAST_REQUEST.put("path", exchange.getRequestURI().getRawPath());
        LAST_REQUEST.put("idempotencyKey", String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
        LAST_REQUEST.put("body", body);
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.equals("/documents/files") && body.contains("filename=\"empty.txt\"")) {
                send(exchange, 200, "application/json", REFUSED);
            } else if (path.equals("/documents/files") && body.contains("filename=\"kafka-down.txt\"")) {
                send(exchange, 503, "application/problem+json", BROKER_DOWN);
            } else if (path.equals("/documents/files")) {
                send(exchange, 200, "application/json", ACCEPTED);
            } else if (path.equals("/documents")) {
                send(exchange, 202, "application/json", DOCUMENT);
            } else {
                send(exchange, 500, "text/plain", "not expected here");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @TestHTTPResource("/api/v1/documents/files")
    URI files;

    /** Written out in UTF-8, as browsers send it: the Chinese file name reaches ingest-service as it came. */
    @Test
    void oneFileIsSentToFilesAndItsBatchReceiptIsTheAnswer() throws Exception {
        String form = "--docsearch\r\nContent-Disposition: form-data; name=\"file\"; filename=\"通知.docx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n内容\r\n"
                + "--docsearch\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n防汛通知\r\n"
                + "--docsearch\r\nContent-Disposition: form-data; name=\"clientId\"\r\n\r\nc-1\r\n--docsearch--\r\n";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(files)
                .header("Content-Type", "multipart/form-data; boundary=docsearch")
                .header(AuthenticationFilter.API_KEY_HEADER, KafkaTestResource.ADMIN_KEY)
                .header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(answer.body())).isEqualTo(json.readTree(ACCEPTED));
        assertThat(LAST_REQUEST).containsEntry("path", "/documents/files");
        // the key is made the caller's own; the form goes on with the collection the caller writes to
        assertThat(LAST_REQUEST.get("idempotencyKey")).endsWith(":k-1");
        assertThat(LAST_REQUEST.get("body")).contains("filename=\"通知.docx\"", "防汛通知", "name=\"clientId\"",
                "name=\"collection\"");
    }

    @Test
    void oneRefusedFileIsTheServicesRefusedItem() throws Exception {
        String answered = given().multiPart("file", "empty.txt", new byte[0], "text/plain")
                .when().post("/api/v1/documents/files")
                .then().statusCode(200).contentType("application/json").extract().asString();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(answered)).isEqualTo(json.readTree(REFUSED));
        assertThat(LAST_REQUEST).containsEntry("path", "/documents/files");
    }

    @Test
    void severalFilesAreSentTogether() throws Exception {
        given().multiPart("file", "a.txt", "甲".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("file", "b.txt", "乙".getBytes(StandardCharsets.UTF_8), "text/plain")
                .when().post("/api/v1/documents/files")
                .then().statusCode(200);
        assertThat(LAST_REQUEST).containsEntry("path", "/documents/files");
        assertThat(LAST_REQUEST.get("body")).contains("filename=\"a.txt\"", "filename=\"b.txt\"");
    }

    @Test
    void kafkaUnavailableStaysA503Problem() {
        given().multiPart("file", "kafka-down.txt", "内容".getBytes(StandardCharsets.UTF_8), "text/plain")
                .when().post("/api/v1/documents/files")
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:broker-unavailable"));
    }

    /** The documents' own path with one file answers it as one document, as before. */
    @Test
    void theDocumentsOwnPathStillAnswersOneFileAsOneDocument() {
        given().multiPart("file", "通知.docx", "内容".getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .when().post("/api/v1/documents")
                .then().statusCode(202).body("id", equalTo("5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10"))
                .body("status", equalTo("accepted"));
        assertThat(LAST_REQUEST).containsEntry("path", "/documents");
    }
}
