package cn.docsearch.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import cn.docsearch.gateway.StandInServer;
import cn.docsearch.gateway.KafkaTestResource;
import cn.docsearch.gateway.SendsAdminKey;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * search-service's reads relayed as they are: against a stand-in search-service that records what reaches it and
 * answers in ways the real one may (an answer in its own formatting, a problem, a failure, a stall).
 */
@QuarkusTest
@TestProfile(SearchServiceRelayIT.StandInSearchService.class)
@WithTestResource(KafkaTestResource.class)
@ExtendWith(SendsAdminKey.class)
class SearchServiceRelayIT {
    /** Formatted as no Jackson would write it: only bytes passed through unchanged come out like this. */
    static final String ANSWER = "{ \"mode\" : \"keyword\",\n  \"total\" : 1, \"hits\" : [ ] }";
    static final String TOKEN = "relay-test-internal-token";
    /** What the stand-in answers a search with a cursor: the page after it, with the cursor of the one after that. */
    static final String ANSWER_AFTER_CURSOR = "{\"mode\":\"keyword\",\"total\":30,\"page\":2,\"size\":10,"
            + "\"hits\":[],\"next\":\"eyJvZmZzZXQiOjIwfQ\"}";
    /** An export's lines as the stand-in streams them, in pieces that do not end where lines end. */
    static final List<String> EXPORT_PIECES = List.of("{\"id\":\"a\",\"rank\":1}\n{\"id\":", "\"乡村振兴\",\"rank\":2}",
            "\n{\"id\":\"c\",\"rank\":3}\n");
    static final Map<String, String> LAST_REQUEST = new ConcurrentHashMap<>();
    /** The last request's query parameters in order, name=value decoded, repeated ones as often as they came. */
    static volatile List<String> lastParameters = List.of();

    /** The gateway pointed at a stand-in search-service on a port of its own, with a short read timeout. */
    public static class StandInSearchService implements QuarkusTestProfile {
        static final HttpServer SERVER = StandInServer.start("stand-in-search-service", SearchServiceRelayIT::answer);

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rest-client.search-service.url", "http://127.0.0.1:" + SERVER.getAddress().getPort(),
                    "quarkus.rest-client.search-service.read-timeout", "1500",
                    "gateway.internal-token", TOKEN);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        LAST_REQUEST.clear();
        LAST_REQUEST.put("path", exchange.getRequestURI().getRawPath());
        LAST_REQUEST.put("token", String.valueOf(exchange.getRequestHeaders().getFirst("X-Docsearch-Internal-Token")));
        lastParameters = decodedParameters(exchange.getRequestURI().getRawQuery());
        lastParameters.forEach(parameter -> LAST_REQUEST.put(parameter.substring(0, parameter.indexOf('=')),
                parameter.substring(parameter.indexOf('=') + 1)));
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.equals("/search")) {
                send(exchange, 200, "application/json;charset=UTF-8",
                        LAST_REQUEST.containsKey("cursor") ? ANSWER_AFTER_CURSOR : ANSWER);
            } else if (path.equals("/search/export") && "refused".equals(LAST_REQUEST.get("q"))) {
                send(exchange, 400, "application/problem+json", "{\"type\":\"urn:docsearch:problem:invalid-query\","
                        + "\"title\":\"Invalid query\",\"status\":400,\"detail\":\"Unknown mode 'fuzzy'\"}");
            } else if (path.equals("/search/export")) {
                exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
                exchange.sendResponseHeaders(200, 0);
                for (String piece : EXPORT_PIECES) {
                    exchange.getResponseBody().write(piece.getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    sleep(100);
                }
            } else if (path.endsWith("/missing 1")) {
                send(exchange, 404, "application/problem+json", "{\"type\":\"urn:docsearch:problem:document-not-found\","
                        + "\"title\":\"Document not found\",\"status\":404,\"detail\":\"No document 'missing 1'\"}");
            } else if (path.endsWith("/too-long/similar")) {
                // what an HTTP server answers a request line longer than it takes: no problem, no body
                send(exchange, 414, "text/plain", "");
            } else if (path.endsWith("/stalls/similar")) {
                sleep(5_000);
                send(exchange, 200, "application/json", "{}");
            } else {
                send(exchange, 500, "text/plain", "java.lang.NullPointerException at ...");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> decodedParameters(String rawQuery) {
        List<String> parameters = new ArrayList<>();
        if (rawQuery != null) {
            for (String parameter : rawQuery.split("&")) {
                String[] nameAndValue = parameter.split("=", 2);
                parameters.add(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8) + "="
                        + (nameAndValue.length > 1 ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : ""));
            }
        }
        return parameters;
    }

    @Test
    void aSearchIsRelayedByteForByteWithItsParametersAndTheInternalToken() {
        String answered = given().queryParam("q", "乡村 振兴+改革&size=99").queryParam("mode", "keyword")
                .queryParam("size", 7)
                .when().get("/api/v1/search")
                .then().statusCode(200).contentType("application/json").extract().asString();
        assertThat(answered).isEqualTo(ANSWER);
        assertThat(LAST_REQUEST).containsEntry("path", "/search").containsEntry("q", "乡村 振兴+改革&size=99")
                .containsEntry("mode", "keyword").containsEntry("size", "7").containsEntry("page", "1")
                .containsEntry("explain", "false").containsEntry("token", TOKEN)
                // the admin key sees every collection: no restriction is passed on
                .doesNotContainKey("collections");
    }

    @Test
    void filtersFacetsAndSortGoOnAsSentEveryValueAParameterOfItsOwn() {
        given().queryParam("q", "试点").queryParam("tags", "乡村 振兴", "a+b&c=d", "")
                .queryParam("source", "县政府办公室").queryParam("contentType", "text/plain")
                .queryParam("collection", "office").queryParam("author", "张伟")
                .queryParam("dateFrom", "2023-01-01").queryParam("dateTo", "2023-12-31")
                .queryParam("ingestedFrom", "2026-03-01").queryParam("ingestedTo", "2026-03-31T18:00:00+08:00")
                .queryParam("facets", "tags,year").queryParam("facets", "source").queryParam("sort", "-date")
                .when().get("/api/v1/search")
                .then().statusCode(200);
        assertThat(lastParameters).containsSubsequence("tags=乡村 振兴", "tags=a+b&c=d", "tags=")
                .containsSubsequence("facets=tags,year", "facets=source")
                .contains("q=试点", "source=县政府办公室", "contentType=text/plain", "collection=office", "author=张伟",
                        "dateFrom=2023-01-01", "dateTo=2023-12-31", "ingestedFrom=2026-03-01",
                        "ingestedTo=2026-03-31T18:00:00+08:00", "sort=-date")
                // only the key's collections set the scope
                .noneMatch(parameter -> parameter.startsWith("collections="));
        assertThat(lastParameters.stream().filter(parameter -> parameter.startsWith("tags="))).hasSize(3);
    }

    @Test
    void aParameterTheSearchDoesNotTakeIsRefusedAndNothingIsRelayed() {
        for (String path : List.of("/api/v1/search", "/api/v1/search/export")) {
            for (String name : List.of("authr", "collections", "tag")) {
                LAST_REQUEST.clear();
                given().queryParam("q", "试点").queryParam(name, "x").when().get(path)
                        .then().statusCode(400).contentType("application/problem+json")
                        .body("type", equalTo("urn:docsearch:problem:invalid-query"))
                        .body("detail", startsWith("Unknown parameter '" + name + "'"));
                assertThat(LAST_REQUEST).as(path + " " + name).isEmpty();
            }
        }
    }

    @Test
    void aCursorGoesOnAsSentAndTheNextPagesCursorComesBack() {
        String cursor = "eyJmaW5nZXJwcmludCI6IngiLCJvZmZzZXQiOjEwfQ";
        given().queryParam("q", "试点").queryParam("cursor", cursor).when().get("/api/v1/search")
                .then().statusCode(200).body("next", equalTo("eyJvZmZzZXQiOjIwfQ")).body("page", equalTo(2));
        assertThat(LAST_REQUEST).containsEntry("path", "/search").containsEntry("cursor", cursor)
                .containsEntry("q", "试点");
    }

    @Test
    void anExportIsRelayedLineByLineWithItsFiltersAndTheCallersScope() {
        String exported = given().queryParam("q", "试点").queryParam("mode", "keyword").queryParam("tags", "a", "b")
                .queryParam("sort", "-date").queryParam("page", 3)
                .when().get("/api/v1/search/export")
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        // whole lines, as search-service wrote them, however its stream was cut
        assertThat(exported).isEqualTo(String.join("", EXPORT_PIECES));
        assertThat(LAST_REQUEST).containsEntry("path", "/search/export").containsEntry("mode", "keyword")
                .containsEntry("sort", "-date").containsEntry("token", TOKEN).doesNotContainKey("page");
        assertThat(lastParameters).containsSubsequence("tags=a", "tags=b");
    }

    @Test
    void anExportRefusedBeforeItsFirstLineIsTheServicesProblem() {
        given().queryParam("q", "refused").when().get("/api/v1/search/export")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:invalid-query"));
    }

    /** 50 values of a filter, search-service's limit, fit in the gateway's request line unless they are long. */
    @Test
    void fiftyFilterValuesAreRelayedOrRefusedAsTooLongAsAWhole() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tags.add("乡村振兴示范村建设" + i + "号".repeat(40));
        }
        given().queryParam("q", "试点").queryParam("tags", tags).when().get("/api/v1/search").then().statusCode(200);
        assertThat(lastParameters.stream().filter(parameter -> parameter.startsWith("tags="))).hasSize(50)
                .contains("tags=" + tags.get(49));

        lastParameters = List.of();
        tags.replaceAll(tag -> tag + "号".repeat(10));
        given().queryParam("q", "试点").queryParam("tags", tags).when().get("/api/v1/search")
                .then().statusCode(414).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:uri-too-long"));
        assertThat(lastParameters).as("nothing reaches search-service").isEmpty();
    }

    @Test
    void aProblemOfTheServiceKeepsItsStatusAndType() {
        given().when().get("/api/v1/documents/missing 1")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:document-not-found"));
        // the id is one path segment, whatever it holds
        assertThat(LAST_REQUEST).containsEntry("path", "/documents/missing%201");
    }

    @Test
    void aFailureOfTheServiceIs502AndAStallIs504() {
        given().queryParam("text", "乡村振兴").when().get("/api/v1/analyze")
                .then().statusCode(502).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:upstream-failure"))
                .body("detail", containsString("the error id"))
                .body("detail", not(containsString("search-service")));
        // a refusal of the internal hop is the platform's failure, not the client's 414, and names no service
        given().when().get("/api/v1/documents/too-long/similar")
                .then().statusCode(502).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:upstream-failure"))
                .body("detail", not(containsString("search-service")));
        given().when().get("/api/v1/documents/stalls/similar")
                .then().statusCode(504).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:upstream-timeout"));
    }
}
