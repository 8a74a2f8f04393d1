package cn.docsearch.gateway.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import cn.docsearch.gateway.StandInServer;
import cn.docsearch.gateway.KafkaTestResource;
import cn.docsearch.gateway.auth.rest.AuthenticationFilter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The public download of a document's original (GET /api/v1/documents/{id}/original) against a stand-in
 * ingest-service that holds one file in collection "office": a reader of that collection gets it with its headers,
 * streamed through as it comes (nearly all of the first megabyte reaches the client before the stand-in sends the
 * rest); a reader of another collection gets the same 404 as for a missing document, since the gateway asks within the
 * key's collections.
 */
@QuarkusTest
@TestProfile(IngestOriginalsIT.StandInIngestService.class)
@WithTestResource(KafkaTestResource.class)
class IngestOriginalsIT {
    static final String ID = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10";
    static final int HALF = 1024 * 1024;
    /** Bytes the gateway may hold in its buffers until more arrive: a buffer, not the file. */
    static final int PASSED_ON_LATER = 64 * 1024;
    static final byte[] FILE = random(2 * HALF);
    static final String DISPOSITION = "attachment; filename=\"____.docx\"; "
            + "filename*=UTF-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.docx";
    static final String NOT_FOUND = "{\"type\":\"urn:docsearch:problem:document-not-found\",\"title\":\"Document refused\","
            + "\"status\":404,\"detail\":\"No document with id " + ID + "\"}";
    static final Map<String, String> LAST_REQUEST = new ConcurrentHashMap<>();
    /** Released by the test once the first half of the file has reached it through the gateway. */
    static volatile CountDownLatch firstHalfReceived = new CountDownLatch(1);
    static volatile boolean sentSecondHalfAfterTheClientHadTheFirst;

    /** The gateway pointed at a stand-in ingest-service on a port of its own. */
    public static class StandInIngestService implements QuarkusTestProfile {
        static final HttpServer SERVER = StandInServer.start("stand-in-ingest-service", IngestOriginalsIT::answer);

        @Override
        public Map<String, String> getConfigOverrides() {
            String url = "http://127.0.0.1:" + SERVER.getAddress().getPort();
            return Map.of("quarkus.rest-client.ingest-service.url", url, "quarkus.rest-client.ingest-uploads.url", url);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String collections = query == null ? "" : URLDecoder.decode(query.replace("collections=", ""), StandardCharsets.UTF_8);
        LAST_REQUEST.put("path", exchange.getRequestURI().getPath());
        LAST_REQUEST.put("collections", collections);
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/documents/" + ID + "/original")
                    || !Arrays.asList(collections.split(",")).contains("office")) {
                byte[] problem = NOT_FOUND.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(404, problem.length);
                exchange.getResponseBody().write(problem);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            exchange.getResponseHeaders().set("Content-Disposition", DISPOSITION);
            exchange.getResponseHeaders().set("ETag", "\"ab12\"");
            exchange.sendResponseHeaders(200, FILE.length);
            OutputStream body = exchange.getResponseBody();
            body.write(FILE, 0, HALF);
            body.flush();

            sentSecondHalfAfterTheClientHadTheFirst = firstHalfReceived.await(10, TimeUnit.SECONDS);
            body.write(FILE, HALF, HALF);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TestHTTPResource("/api/v1/documents/" + ID + "/original")
    URI original;

    @Test
    void aReaderOfTheCollectionGetsTheFileStreamedThroughWithItsHeaders() throws Exception {
        firstHalfReceived = new CountDownLatch(1);
        String office = readerKey("office");
        HttpResponse<InputStream> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(original)
                .header(AuthenticationFilter.API_KEY_HEADER, office).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValue("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(answer.headers().firstValue("Content-Length")).hasValue(String.valueOf(FILE.length));
        assertThat(answer.headers().firstValue("Content-Disposition")).hasValue(DISPOSITION);
        assertThat(answer.headers().firstValue("ETag")).hasValue("\"ab12\"");
        try (InputStream body = answer.body()) {
            // all but what may wait in the gateway's output buffer until more comes
            byte[] first = body.readNBytes(HALF - PASSED_ON_LATER);
            firstHalfReceived.countDown();
            byte[] rest = body.readAllBytes();
            assertThat(first).isEqualTo(Arrays.copyOfRange(FILE, 0, HALF - PASSED_ON_LATER));
            assertThat(rest).isEqualTo(Arrays.copyOfRange(FILE, HALF - PASSED_ON_LATER, FILE.length));
        }
        assertThat(sentSecondHalfAfterTheClientHadTheFirst).as("the gateway passed the first half on before it had the "
                + "whole file").isTrue();
        assertThat(LAST_REQUEST).containsEntry("collections", "office");
    }

    @Test
    void aReaderOfAnotherCollectionIsToldTheDocumentDoesNotExist() {
        given().header(AuthenticationFilter.API_KEY_HEADER, readerKey("finance")).when().get(original)
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:document-not-found"));
        assertThat(LAST_REQUEST).containsEntry("collections", "finance");
    }

    /** A reader key of the collection, once the gateway has read its keys topic (it answers 503 starting until then). */
    private static String readerKey(String collection) {
        Response created = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().header(AuthenticationFilter.API_KEY_HEADER, KafkaTestResource.ADMIN_KEY)
                        .contentType(ContentType.JSON).body(Map.of("name", "读者 " + collection, "role", "reader",
                                "collections", List.of(collection)))
                        .when().post("/api/v1/admin/keys"), response -> response.statusCode() != 503);
        return created.then().statusCode(201).extract().path("secret");
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
