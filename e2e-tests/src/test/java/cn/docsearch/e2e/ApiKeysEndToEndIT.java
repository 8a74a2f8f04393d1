package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * API keys on the whole platform: a writer's upload is found by a reader, who may not write; keys made through the
 * API, and their revocation, outlive a restart of the gateway (they live in Kafka, not in its memory).
 */
class ApiKeysEndToEndIT {

    @Test
    void keysOfEachRoleWorkAndOutliveARestartOfTheGateway() throws Exception {
        LocalPlatform platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        String writer = createKey(platform, "档案室上传", "writer");
        String reader = createKey(platform, "科室检索", "reader");
        String revoked = createKey(platform, "已停用终端", "reader");
        String revokedId = given(as(platform, platform.adminKey())).get("/api/v1/admin/keys").then().statusCode(200)
                .extract().path("keys.find { it.name == '已停用终端' }.id");
        given(as(platform, platform.adminKey())).delete("/api/v1/admin/keys/" + revokedId).then().statusCode(200);

        String marker = "密钥" + UUID.randomUUID().toString().substring(0, 8);
        String id = given(as(platform, writer)).contentType(ContentType.JSON)
                .body(Map.of("title", "关于" + marker + "管理的通知", "content", "各科室：" + marker + "由专人保管，定期更换。"))
                .post("/api/v1/documents").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given(as(platform, reader)).queryParam("q", marker)
                .queryParam("mode", "keyword").get("/api/v1/search").then().statusCode(200).body("hits.id", hasItem(id)));
        given(as(platform, reader)).contentType(ContentType.JSON).body(Map.of("content", "读者不能上传"))
                .post("/api/v1/documents").then().statusCode(403);
        given(as(platform, writer)).get("/api/v1/admin/keys").then().statusCode(403);

        platform.stop(EnumSet.of(LocalPlatform.Component.GATEWAY));
        platform.start(EnumSet.of(LocalPlatform.Component.GATEWAY));

        given(as(platform, reader)).queryParam("q", marker).queryParam("mode", "keyword").get("/api/v1/search")
                .then().statusCode(200).body("hits.id", hasItem(id));
        given(as(platform, reader)).get("/api/v1/documents/" + id).then().statusCode(200).body("id", equalTo(id));
        given(as(platform, revoked)).queryParam("q", marker).get("/api/v1/search")
                .then().statusCode(401).body("type", equalTo("urn:docsearch:problem:invalid-api-key"));
        given().baseUri(platform.gatewayUrl()).queryParam("q", marker).get("/api/v1/search").then().statusCode(401);
    }

    private static RequestSpecification as(LocalPlatform platform, String key) {
        return given().baseUri(platform.gatewayUrl()).header(LocalPlatform.API_KEY_HEADER, key);
    }

    private static String createKey(LocalPlatform platform, String name, String role) {
        return given(as(platform, platform.adminKey())).contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", role)).post("/api/v1/admin/keys")
                .then().statusCode(201).extract().path("secret");
    }
}
