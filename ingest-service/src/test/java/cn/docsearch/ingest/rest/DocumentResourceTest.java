package cn.docsearch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.KafkaTestResource;
import cn.docsearch.ingest.kafka.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DocumentResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ObjectMapper objectMapper;

    @Test
    void jsonDocumentIsAcknowledgedOnlyWithItsEventOnTheTopic() throws Exception {
        String content = "关于推进乡村振兴工作的报告\n今年以来，我县坚持以人民为中心，扎实推进乡村振兴。";
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("title", "乡村振兴工作报告", "content", content, "source", "县政府办公室",
                        "tags", List.of("乡村振兴", "报告")))
                .when().post("/documents")
                .then().statusCode(202)
                .body("status", equalTo("accepted"))
                .body("contentHash", startsWith("sha256:"))
                .extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("content", content)).post("/documents")
                .then().header("Location", endsWith("/documents/" + id));

        ConsumerRecord<String, String> record = TopicReader.find(bootstrapServers, "documents", id, Duration.ofSeconds(15))
                .orElseThrow(() -> new AssertionError("no event keyed " + id + " on the topic"));
        JsonNode event = objectMapper.readTree(record.value());
        assertThat(event.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(event.path("id").asText()).isEqualTo(id);
        assertThat(event.path("title").asText()).isEqualTo("乡村振兴工作报告");
        assertThat(event.path("body").asText()).isEqualTo(content);
        assertThat(event.path("metadata").path("source").asText()).isEqualTo("县政府办公室");
        assertThat(event.path("metadata").path("tags")).extracting(JsonNode::asText).containsExactly("乡村振兴", "报告");
        assertThat(event.path("metadata").path("charCount").asInt()).isEqualTo(content.length());
        assertThat(event.path("contentHash").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(event.path("ingestedAt").asText()).isNotBlank();
    }

    @Test
    void plainTextUploadTakesItsTitleFromTheQueryOrTheFirstLine() throws Exception {
        String text = "全面从严治党学习心得\r\n通过学习，我深刻认识到全面从严治党永远在路上。";
        String id = given().contentType("text/plain; charset=UTF-8").body(text)
                .when().post("/documents")
                .then().statusCode(202).extract().path("id");
        JsonNode event = objectMapper.readTree(TopicReader.find(bootstrapServers, "documents", id, Duration.ofSeconds(15))
                .orElseThrow().value());
        assertThat(event.path("title").asText()).isEqualTo("全面从严治党学习心得");
        assertThat(event.path("body").asText()).doesNotContain("\r");
        assertThat(event.path("metadata").path("contentType").asText()).isEqualTo("text/plain");
    }

    @Test
    void sameContentTwiceIsTheSameDocumentAndAClientIdNamesItsOwn() {
        String text = "同一份通知，上传两次。";
        String first = given().contentType("text/plain; charset=UTF-8").body(text).post("/documents").then().statusCode(202).extract().path("id");
        String second = given().contentType("text/plain; charset=UTF-8").body(text).post("/documents").then().statusCode(202).extract().path("id");
        assertThat(second).isEqualTo(first);

        String v1 = given().contentType("text/plain; charset=UTF-8").queryParam("clientId", "notice-7").body("第一版").post("/documents").then().statusCode(202).extract().path("id");
        String v2 = given().contentType("text/plain; charset=UTF-8").queryParam("clientId", "notice-7").body("第二版").post("/documents").then().statusCode(202).extract().path("id");
        assertThat(v2).isEqualTo(v1).isNotEqualTo(first);
    }

    @Test
    void emptyContentIsRefusedWithAProblem() {
        given().contentType(ContentType.JSON).body(Map.of("title", "空文档", "content", "  \n "))
                .when().post("/documents")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:invalid-document"))
                .body("status", equalTo(400));
    }

    @Test
    void malformedJsonIsRefusedWithAProblem() {
        given().contentType(ContentType.JSON).body("{\"content\": ")
                .when().post("/documents")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:malformed-json"));
    }

    @Test
    void oversizedDocumentIsRefusedNamingTheLimit() {
        given().contentType("text/plain; charset=UTF-8").body("字".repeat(20_001))
                .when().post("/documents")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:document-too-large"))
                .body("detail", org.hamcrest.Matchers.containsString("20000"));
    }

    @Test
    void unsupportedMediaTypeIsAProblem() {
        given().contentType("application/xml").body("<doc/>")
                .when().post("/documents")
                .then().statusCode(415)
                .contentType("application/problem+json");
    }
}
