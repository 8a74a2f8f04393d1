package cn.docsearch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
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
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/** Files as multipart uploads: single documents, several at once, zips, and every kind of bad file. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class UploadResourceIT {
    private static final String OCTETS = "application/octet-stream";

    @Inject
    ObjectMapper objectMapper;

    @Test
    void wordFileBecomesAStructuredEvent() throws Exception {
        String id = given().multiPart("file", "report.docx", Fixtures.docx(), OCTETS).multiPart("source", "发展改革局")
                .when().post("/documents")
                .then().statusCode(isOneOf(200, 202)).extract().path("id");
        JsonNode event = event(id);
        EventContract.assertConforms(event);
        assertThat(event.path("title").asText()).isEqualTo("关于推进营商环境优化的工作报告");
        assertThat(event.path("metadata").path("author").asText()).isEqualTo("青禾县发展改革局");
        assertThat(event.path("metadata").path("fileName").asText()).isEqualTo("report.docx");
        assertThat(event.path("metadata").path("contentType").asText())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(event.path("sections").get(1).path("headings")).extracting(JsonNode::asText)
                .containsExactly("一、工作进展", "（一）政务服务");
    }

    /** A 'file' part sent as a plain field (no file name, as some clients do): no file, a 400, not a 500. */
    @Test
    void aFilePartWithoutAFileNameIsNoFile() {
        // a hand-written body, sent as it is
        given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("multipart/form-data", ContentType.TEXT)))
                .contentType("multipart/form-data; boundary=XYZ")
                .body("--XYZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n会议纪要\r\n--XYZ--\r\n")
                .when().post("/documents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:invalid-document"));
    }

    @Test
    void gbkTextFileFromAnOldWindowsMachine() throws Exception {
        String speech = Fixtures.SPEECH + "\n附：" + UUID.randomUUID();
        String id = given().multiPart("file", "speech.txt", Fixtures.text(speech, Charset.forName("GBK")), "text/plain")
                .when().post("/documents")
                .then().statusCode(202).extract().path("id");
        JsonNode event = event(id);
        EventContract.assertConforms(event);
        assertThat(event.path("body").asText()).isEqualTo(speech);
        assertThat(event.path("title").asText()).isEqualTo(Fixtures.SPEECH_TITLE);
        assertThat(event.path("metadata").path("encoding").asText()).startsWith("GB");
        assertThat(event.path("metadata").path("documentDate").asText()).isEqualTo("2023-01-17");
    }

    @Test
    void severalFilesAreReportedOneByOne() {
        String marker = UUID.randomUUID().toString();
        given().multiPart("file", "a.txt", ("第一份材料" + marker).getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("file", "b.txt", Fixtures.text("第二份材料" + marker, Charset.forName("GBK")), "text/plain")
                .multiPart("file", "tool.exe", Fixtures.executable(), OCTETS)
                .when().post("/documents")
                .then().statusCode(200)
                .body("accepted", equalTo(2))
                .body("refused", equalTo(1))
                .body("items[0].name", equalTo("a.txt"))
                .body("items[2].name", equalTo("tool.exe"))
                .body("items[2].problem.status", equalTo(415))
                .body("items[2].problem.detail", startsWith("tool.exe: "));
    }

    /** Files are parsed at once on every core, yet reported in their order, and a repeat is a duplicate of the first. */
    @Test
    void filesParsedTogetherKeepTheirOrderAndARepeatIsADuplicate() {
        String marker = UUID.randomUUID().toString();
        RequestSpecification upload = given();
        for (int i = 0; i < 8; i++) {
            upload.multiPart("file", "part-" + i + ".docx", Fixtures.docx(), OCTETS);
        }
        ValidatableResponse response = upload
                .multiPart("file", "again.txt", ("会议材料" + marker).getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("file", "once-more.txt", ("会议材料" + marker).getBytes(StandardCharsets.UTF_8), "text/plain")
                .when().post("/documents")
                .then().statusCode(200)
                .body("items.name", equalTo(List.of("part-0.docx", "part-1.docx", "part-2.docx", "part-3.docx",
                        "part-4.docx", "part-5.docx", "part-6.docx", "part-7.docx", "again.txt", "once-more.txt")))
                .body("items[8].status", equalTo("accepted"))
                .body("items[9].status", equalTo("duplicate"));
        assertThat(response.extract().<String>path("items[9].id")).isEqualTo(response.extract().<String>path("items[8].id"));
    }

    @Test
    void zipWithACorruptMemberIndexesTheRest() {
        String marker = UUID.randomUUID().toString();
        byte[] zip = Fixtures.zip(Map.of(
                "材料/notice.txt", ("关于召开工作会议的通知" + marker).getBytes(StandardCharsets.UTF_8),
                "材料/broken.docx", Fixtures.truncated(Fixtures.docx()),
                "材料/speech.txt", Fixtures.text("讲话稿" + marker, Charset.forName("GB18030"))));
        given().multiPart("file", "batch.zip", zip, "application/zip")
                .when().post("/documents")
                .then().statusCode(200)
                .body("accepted", equalTo(2))
                .body("refused", equalTo(1))
                .body("items.find { it.status == 'refused' }.name", equalTo("batch.zip/材料/broken.docx"))
                .body("items.find { it.status == 'refused' }.problem.type", equalTo("urn:docsearch:problem:unparseable-document"));
    }

    @Test
    void zipBombIsRefusedWhole() {
        byte[] zeros = new byte[2 * 1024 * 1024];
        assertRefusedAndNothingPublished(given().multiPart("file", "bomb.zip",
                Fixtures.zip(Map.of("ok.txt", "正常文件".getBytes(StandardCharsets.UTF_8), "zeros.txt", zeros)), "application/zip"),
                413, "archive-too-large", "bomb.zip");
    }

    @Test
    void pathTraversalInsideAZipIsRefusedWhole() {
        assertRefusedAndNothingPublished(given().multiPart("file", "evil.zip",
                Fixtures.zip(Map.of("good.txt", "正常文件".getBytes(StandardCharsets.UTF_8),
                        "../../etc/cron.d/evil.txt", "恶意文件".getBytes(StandardCharsets.UTF_8))), "application/zip"),
                400, "unsafe-archive-entry", "evil.zip");
    }

    @Test
    void badFilesGetAProblemNamingTheFileAndNothingIsPublished() {
        assertRefusedAndNothingPublished(upload("empty.txt", new byte[0]), 400, "empty-file", "empty.txt");
        assertRefusedAndNothingPublished(upload("setup.exe", Fixtures.executable()), 415, "unsupported-type", "setup.exe");
        assertRefusedAndNothingPublished(upload("notes.txt", Fixtures.executable()), 415, "unsupported-type", "notes.txt");
        assertRefusedAndNothingPublished(upload("broken.docx", Fixtures.truncated(Fixtures.docx())), 422, "unparseable-document", "broken.docx");
        assertRefusedAndNothingPublished(upload("broken.pdf", Fixtures.truncated(Fixtures.resource("report.pdf"))), 422, "unparseable-document", "broken.pdf");
        assertRefusedAndNothingPublished(upload("secret.pdf", Fixtures.encryptedPdf()), 422, "encrypted-document", "secret.pdf");
        assertRefusedAndNothingPublished(upload("scan.pdf", Fixtures.scannedPdf()), 422, "no-text-layer", "scan.pdf");
        assertRefusedAndNothingPublished(upload("huge.txt", "大".repeat(400_000).getBytes(StandardCharsets.UTF_8)), 413, "file-too-large", "huge.txt");
    }

    /** Issue 24: "TIKA-198: Illegal IOException from org.apache.tika.parser.pdf.PDFParser@40d077b1" reached the caller. */
    @Test
    void aDamagedPdfIsRefusedInTheCallersTermsWithoutInternalNames() {
        assertRefusedAndNothingPublished(upload("random.pdf", Fixtures.randomAfterPdfHeader()), 422, "unparseable-document", "random.pdf");
        upload("random.pdf", Fixtures.randomAfterPdfHeader()).when().post("/documents").then()
                .body("detail", equalTo("random.pdf: the file could not be read as PDF: it is damaged, truncated or not a PDF file"));
    }

    @Test
    void requestWithoutAFilePartIsAProblem() {
        given().multiPart("title", "只有标题").when().post("/documents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:invalid-document"));
    }

    @TestHTTPResource("/documents")
    URI documents;

    @Test
    void malformedMultipartBodyIsA400NotA500() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(documents)
                .header("Content-Type", "multipart/form-data; boundary=docsearch")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "--docsearch\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n未结束的分段"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static io.restassured.specification.RequestSpecification upload(String name, byte[] bytes) {
        return given().multiPart("file", name, bytes, OCTETS);
    }

    private void assertRefusedAndNothingPublished(RequestSpecification request, int status,
                                                  String type, String fileName) {
        long before = TopicReader.size("documents");
        ValidatableResponse response = request.when().post("/documents").then();
        response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:docsearch:problem:" + type))
                .body("status", is(status))
                .body("detail", startsWith(fileName + ": "));
        assertThat(TopicReader.size("documents")).as(fileName).isEqualTo(before);
    }

    private JsonNode event(String id) throws Exception {
        return objectMapper.readTree(TopicReader.find("documents", id, Duration.ofSeconds(15))
                .orElseThrow(() -> new AssertionError("no event keyed " + id)).value());
    }
}
