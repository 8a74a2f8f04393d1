package cn.docsearch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.EventContract;
import cn.docsearch.ingest.KafkaTestResource;
import cn.docsearch.ingest.parse.Fixtures;
import cn.docsearch.ingest.topics.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Characters that carry no text (controls, zero-width and format characters, lone surrogates, tag characters) are
 * removed at the door by the platform's text rule; a document left with no text is a 422 and never reaches Kafka.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class InvisibleCharactersIT {
    private static final String NO_TEXT = "urn:docsearch:problem:no-text";

    /** JSON string contents as sent on the wire: escapes, so that a lone surrogate really is one. */
    private static final List<String> NOTHING_BUT_INVISIBLE = List.of(
            "\\u200d",                          // the zero-width joiner of issue 24
            "\\u0000\\u0001",                   // NUL and another C0 control
            "\\ufeff\\u200b",                   // BOM and zero-width space
            "\\ud800",                          // a lone surrogate
            "\\u0085",                          // C1 next line
            "\\udb40\\udc41\\udb40\\udc7f",     // tag characters
            "\\u200e\\u200f\\u202a\\u202c\\u2060\\u00ad \\u200b\\n\\t");

    @Inject
    ObjectMapper objectMapper;

    @Test
    void contentOfOnlyCharactersThatCarryNoTextIsA422AndNothingIsPublished() {
        long before = TopicReader.size("documents");
        for (String content : NOTHING_BUT_INVISIBLE) {
            given().contentType(ContentType.JSON).body("{\"title\":\"空白通知\",\"content\":\"" + content + "\"}")
                    .when().post("/documents")
                    .then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo(NO_TEXT))
                    .body("status", equalTo(422))
                    .body("detail", containsString("only control, zero-width or format characters"));
        }
        given().contentType("text/plain; charset=UTF-8").body(Fixtures.INVISIBLE)
                .when().post("/documents")
                .then().statusCode(422).contentType("application/problem+json").body("type", equalTo(NO_TEXT));
        assertThat(TopicReader.size("documents")).isEqualTo(before);
    }

    @Test
    void textAroundThemIsAcceptedWithoutThem() throws Exception {
        String marker = UUID.randomUUID().toString();
        String sent = "\\ufeff\\u200b乡村\\u200d\\u0000振兴\\u0085工作\\ud800报告\\udb40\\udc41\\n今年以来\\u200e，成效明显。" + marker + "\\u200d";
        String id = given().contentType(ContentType.JSON)
                .body("{\"title\":\"\\u200f乡村振兴\\u202a报告\",\"content\":\"" + sent + "\","
                        + "\"source\":\"县\\u2060政府\",\"tags\":[\"\\u200b\",\"报告\\u200d\"]}")
                .when().post("/documents")
                .then().statusCode(202).extract().path("id");

        JsonNode event = event(id);
        EventContract.assertConforms(event);
        assertThat(event.path("body").asText()).isEqualTo("乡村振兴工作报告\n今年以来，成效明显。" + marker);
        assertThat(event.path("title").asText()).isEqualTo("乡村振兴报告");
        assertThat(event.path("metadata").path("source").asText()).isEqualTo("县政府");
        assertThat(event.path("metadata").path("tags")).extracting(JsonNode::asText).containsExactly("报告");
        assertThat(event.path("metadata").path("charCount").asInt()).isEqualTo(event.path("body").asText().length());
    }

    /** Cleaned before the content hash and the id are made: the same text with a zero-width space is the same text. */
    @Test
    void theSameTextWithAZeroWidthSpaceIsADuplicate() {
        String marker = UUID.randomUUID().toString();
        String id = given().contentType(ContentType.JSON).body(Map.of("content", "乡村振兴" + marker))
                .when().post("/documents")
                .then().statusCode(202).extract().path("id");
        given().contentType(ContentType.JSON).body("{\"content\":\"乡村振兴\\u200b" + marker + "\\ufeff\"}")
                .when().post("/documents")
                .then().statusCode(200)
                .body("status", equalTo("duplicate"))
                .body("id", equalTo(id));
        assertThat(TopicReader.all("documents", id)).hasSize(1);
    }

    @Test
    void inABatchOnlyTheItemWithoutTextIsRefused() {
        String marker = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON)
                .body("{\"documents\":[{\"content\":\"第一篇学习笔记" + marker + "\"},{\"content\":\"\\u200b\\u200d\\u0000\"},"
                        + "{\"content\":\"第三篇\\u200b学习笔记" + marker + "\"}]}")
                .when().post("/documents/batch")
                .then().statusCode(200)
                .body("accepted", equalTo(2))
                .body("refused", equalTo(1))
                .body("items[1].status", equalTo("refused"))
                .body("items[1].problem.type", equalTo(NO_TEXT))
                .body("items[1].problem.status", equalTo(422))
                .body("items[0].status", equalTo("accepted"))
                .body("items[2].status", equalTo("accepted"));
    }

    @Test
    void filesOfOnlyCharactersThatCarryNoTextAreRefusedAloneOrInAZip() {
        long before = TopicReader.size("documents");
        byte[] invisible = (Fixtures.INVISIBLE + "\n" + Fixtures.INVISIBLE).getBytes(StandardCharsets.UTF_8);
        // (file names of multipart parts in ASCII: RestAssured sends them in ISO-8859-1)
        given().multiPart("file", "blank.txt", invisible, "text/plain")
                .when().post("/documents")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo(NO_TEXT))
                .body("detail", startsWith("blank.txt: "))
                .body("detail", containsString("zero-width"));
        assertThat(TopicReader.size("documents")).isEqualTo(before);

        String marker = UUID.randomUUID().toString();
        given().multiPart("file", "materials.zip", Fixtures.zip(Map.of(
                        "空白.txt", invisible,
                        "通知.txt", ("关于\u200b做好防汛工作的通知\n" + marker).getBytes(StandardCharsets.UTF_8))), "application/zip")
                .when().post("/documents")
                .then().statusCode(200)
                .body("accepted", equalTo(1))
                .body("items.find { it.name == 'materials.zip/空白.txt' }.problem.type", equalTo(NO_TEXT))
                .body("items.find { it.name == 'materials.zip/通知.txt' }.status", equalTo("accepted"));
    }

    private JsonNode event(String id) throws Exception {
        return objectMapper.readTree(TopicReader.find("documents", id, Duration.ofSeconds(15))
                .orElseThrow(() -> new AssertionError("no event keyed " + id)).value());
    }
}
