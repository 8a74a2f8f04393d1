package cn.docsearch.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * api-gateway takes request lines of up to 65,536 characters and forwards ids in the path: ingest-service answers
 * such a request itself (404 for an id it does not know), never with the bare 414 of a shorter limit.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class LongRequestLineIT {
    /** Near the gateway's limit, room left for the method, the rest of the path, the query and the protocol. */
    private static final int REQUEST_LINE_CHARS = 60_000;

    @TestHTTPResource("/")
    URI root;

    @Inject
    ObjectMapper objectMapper;

    @Test
    void aJobIdOfSixtyThousandCharactersIsNotFoundNotTooLong() throws Exception {
        assertNotFound("jobs/", "job-not-found");
    }

    @Test
    void aDocumentIdOfSixtyThousandCharactersIsNotFoundNotTooLong() throws Exception {
        assertNotFound("documents/", "document-not-found");
    }

    private void assertNotFound(String path, String problemType) throws Exception {
        // a Chinese id, as a user might paste one: 9 characters per Chinese character once percent-encoded
        String encoded = URLEncoder.encode("任务编号", StandardCharsets.UTF_8);
        StringBuilder id = new StringBuilder();
        // "GET " + path + " HTTP/1.1"
        while (4 + ("/" + path + id + encoded).length() + 9 <= REQUEST_LINE_CHARS) {
            id.append(encoded);
        }
        URI uri = URI.create(root + path + id);
        assertThat(4 + uri.getRawPath().length() + 9).isBetween(REQUEST_LINE_CHARS - encoded.length(), REQUEST_LINE_CHARS);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                // headers of 16 KiB pass the gateway too
                .header("X-Docsearch-Note", "n".repeat(16 * 1024 - 100)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = objectMapper.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:docsearch:problem:" + problemType);
    }
}
