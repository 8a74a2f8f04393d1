package cn.docsearch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.docsearch.ingest.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With the platform's internal token set, a request without it (a forged forwarded write, an upload around the
 * gateway) is refused before anything is decided; health stays open.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(InternalWriteTokenIT.WithToken.class)
class InternalWriteTokenIT {
    @TestHTTPResource("/")
    URI base;

    private static final String FORGED = """
            {"id": "7f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10", "contentHash": "sha256:%s",
             "draft": {"title": "伪造的文档", "body": "伪造的文档", "sections": [],
                       "submitted": {"tags": []}, "contentType": "text/plain"}}""".formatted("a".repeat(64));

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.internal-token", "shared-secret-for-tests");
        }
    }

    @Test
    void aWriteWithoutTheTokenOrWithAWrongOneIsRefused() {
        given().contentType(ContentType.JSON).body(FORGED).post("/internal/writes")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:internal-token-required"));
        given().contentType(ContentType.JSON).header("X-Docsearch-Internal-Token", "guessed").body(FORGED)
                .post("/internal/writes").then().statusCode(401);
    }

    @Test
    void anUploadOrAReadAroundTheGatewayIsRefusedAndHealthStaysOpen() {
        given().contentType("text/plain; charset=UTF-8").body("绕过网关上传的文档").post("/documents")
                .then().statusCode(401).contentType("application/problem+json");
        given().get("/documents/7f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10").then().statusCode(401);
        given().get("/jobs").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
    }

    /** The exemption for /q/ holds for the path as routing sees it: dot segments lead nowhere around the token. */
    @Test
    void dotSegmentsUnderQDoNotGetAroundTheToken() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : new String[] {"/q/../jobs", "/q/%2e%2e/jobs", "/q/%2E%2E/documents/x"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path.substring(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
            assertThat(response.body()).as(path).doesNotContain("\"jobs\"");
        }
    }

    @Test
    void aWriteWithTheTokenIsTaken() {
        given().contentType(ContentType.JSON).header("X-Docsearch-Internal-Token", "shared-secret-for-tests").body(FORGED)
                .post("/internal/writes").then().statusCode(200).body("status", equalTo("accepted"));
    }
}
