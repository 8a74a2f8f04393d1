package cn.docsearch.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.not;
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

/**
 * Files as multipart uploads: single documents, several at once, zips, and every kind of bad file; at POST /documents/files
 * always as one result per document.
 */
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

    /**
     * POST /documents/files answers one file as a batch of one: the document POST /documents would make of it (title,
     * tags, clientId and Idempotency-Key apply to a single file), as one item under the file's name. The form is written
     * out in UTF-8 as the gateway sends it, so that a Chinese file name arrives as it is.
     */
    @Test
    void oneFileToFilesIsABatchOfOneItemWithTheSingleDocumentsMetadata() throws Exception {
        String marker = UUID.randomUUID().toString();
        String notice = "关于做好汛期值班工作的通知\n" + marker;
        String key = UUID.randomUUID().toString();
        Map<String, String> fields = Map.of("title", "汛期值班通知", "tags", "值班");
        JsonNode first = postFiles(key, "值班通知.txt", notice, fields);
        assertThat(first.path("status").asInt()).as(first.toString()).isEqualTo(200);
        JsonNode receipt = first.path("body");
        assertThat(receipt.path("accepted").asInt()).isEqualTo(1);
        assertThat(receipt.path("duplicates").asInt()).isZero();
        assertThat(receipt.path("refused").asInt()).isZero();
        assertThat(receipt.path("items")).hasSize(1);
        JsonNode item = receipt.path("items").get(0);
        assertThat(item.path("name").asText()).isEqualTo("值班通知.txt");
        assertThat(item.path("status").asText()).isEqualTo("accepted");
        assertThat(item.path("version").asInt()).isEqualTo(1);
        assertThat(item.path("contentHash").asText()).startsWith("sha256:");
        assertThat(item.has("problem")).isFalse();
        JsonNode event = event(item.path("id").asText());
        assertThat(event.path("title").asText()).isEqualTo("汛期值班通知");
        assertThat(event.path("metadata").path("fileName").asText()).isEqualTo("值班通知.txt");
        assertThat(event.path("metadata").path("tags")).extracting(JsonNode::asText).containsExactly("值班");

        // the same request again replays its first answer; the same key with other content is a refused item
        assertThat(postFiles(key, "值班通知.txt", notice, fields).path("body")).isEqualTo(receipt);
        JsonNode conflict = postFiles(key, "别的.txt", "别的内容" + marker, Map.of());
        assertThat(conflict.path("status").asInt()).isEqualTo(200);
        assertThat(conflict.path("body").path("refused").asInt()).isEqualTo(1);
        JsonNode refused = conflict.path("body").path("items").get(0);
        assertThat(refused.path("name").asText()).isEqualTo("别的.txt");
        assertThat(refused.path("status").asText()).isEqualTo("refused");
        assertThat(refused.path("problem").path("type").asText()).isEqualTo("urn:docsearch:problem:idempotency-key-conflict");
        assertThat(refused.path("problem").path("status").asInt()).isEqualTo(409);
    }

    /** The item of one file is the receipt POST /documents gives the same file: id, status, version, hash. */
    @Test
    void oneFileToFilesIsTheOutcomePostDocumentsAnswers() {
        byte[] notice = ("关于召开安全生产会议的通知" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        ValidatableResponse single = given().multiPart("file", "notice.txt", notice, "text/plain").when().post("/documents")
                .then().statusCode(202).body("status", equalTo("accepted"));
        given().multiPart("file", "again.txt", notice, "text/plain").when().post("/documents/files")
                .then().statusCode(200).contentType("application/json")
                .body("accepted", equalTo(0)).body("duplicates", equalTo(1)).body("refused", equalTo(0))
                .body("items.size()", equalTo(1))
                .body("items[0].name", equalTo("again.txt"))
                .body("items[0].status", equalTo("duplicate"))
                .body("items[0].id", equalTo(single.extract().path("id")))
                .body("items[0].version", equalTo(1))
                .body("items[0].contentHash", equalTo(single.extract().<String>path("contentHash")))
                .body("items[0]", not(hasKey("problem")));
    }

    /** One file refused is one refused item with the problem POST /documents would answer, still a 200. */
    @Test
    void oneRefusedFileToFilesIsOneRefusedItemWithItsProblem() {
        assertOneRefusedItem(upload("empty.txt", new byte[0]), 400, "empty-file", "empty.txt");
        assertOneRefusedItem(upload("setup.exe", Fixtures.executable()), 415, "unsupported-type", "setup.exe");
        assertOneRefusedItem(upload("broken.docx", Fixtures.truncated(Fixtures.docx())), 422, "unparseable-document",
                "broken.docx");
        assertOneRefusedItem(upload("huge.txt", "大".repeat(400_000).getBytes(StandardCharsets.UTF_8)), 413,
                "file-too-large", "huge.txt");
        // a hostile zip is refused whole: one item, as among other files
        byte[] zeros = new byte[2 * 1024 * 1024];
        assertOneRefusedItem(upload("bomb.zip", Fixtures.zip(Map.of("ok.txt", "正常文件".getBytes(StandardCharsets.UTF_8),
                "zeros.txt", zeros))), 413, "archive-too-large", "bomb.zip");
        // the same problem as POST /documents answers the file with, as the item's
        String detail = upload("random.pdf", Fixtures.randomAfterPdfHeader()).when().post("/documents")
                .then().statusCode(422).extract().path("detail");
        upload("random.pdf", Fixtures.randomAfterPdfHeader()).when().post("/documents/files")
                .then().statusCode(200)
                .body("items[0].problem.type", equalTo("urn:docsearch:problem:unparseable-document"))
                .body("items[0].problem.title", equalTo("Document refused"))
                .body("items[0].problem.detail", equalTo(detail));
    }

    @Test
    void aZipOrSeveralFilesToFilesAreTheirItems() {
        String marker = UUID.randomUUID().toString();
        byte[] zip = Fixtures.zip(Map.of(
                "材料/notice.txt", ("关于召开工作会议的通知" + marker).getBytes(StandardCharsets.UTF_8),
                "材料/broken.docx", Fixtures.truncated(Fixtures.docx()),
                "材料/speech.txt", Fixtures.text("讲话稿" + marker, Charset.forName("GB18030"))));
        given().multiPart("file", "batch.zip", zip, "application/zip")
                .when().post("/documents/files")
                .then().statusCode(200)
                .body("accepted", equalTo(2))
                .body("refused", equalTo(1))
                .body("items.size()", equalTo(3))
                .body("items.find { it.status == 'refused' }.name", equalTo("batch.zip/材料/broken.docx"))
                .body("items.find { it.status == 'refused' }.problem.type", equalTo("urn:docsearch:problem:unparseable-document"));
        given().multiPart("file", "a.txt", ("第一份" + marker).getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("file", "empty.txt", new byte[0], "text/plain")
                .when().post("/documents/files")
                .then().statusCode(200)
                .body("accepted", equalTo(1)).body("refused", equalTo(1))
                .body("items.name", equalTo(List.of("a.txt", "empty.txt")))
                .body("items[1].problem.detail", startsWith("empty.txt: "));
    }

    /** The form itself refused is still a problem: no file part. */
    @Test
    void filesWithoutAFilePartIsAProblem() {
        given().multiPart("title", "只有标题").when().post("/documents/files")
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

    private static void assertOneRefusedItem(RequestSpecification request, int status, String type, String fileName) {
        long before = TopicReader.size("documents");
        request.when().post("/documents/files")
                .then().statusCode(200).contentType("application/json")
                .body("accepted", equalTo(0)).body("duplicates", equalTo(0)).body("refused", equalTo(1))
                .body("items.size()", equalTo(1))
                .body("items[0].name", equalTo(fileName))
                .body("items[0].status", equalTo("refused"))
                .body("items[0]", not(hasKey("id")))
                .body("items[0].problem.type", equalTo("urn:docsearch:problem:" + type))
                .body("items[0].problem.title", equalTo("Document refused"))
                .body("items[0].problem.status", is(status))
                .body("items[0].problem.detail", startsWith(fileName + ": "));
        assertThat(TopicReader.size("documents")).as(fileName).isEqualTo(before);
    }

    @TestHTTPResource("/documents/files")
    URI files;

    /** One file and text fields as a multipart body written out in UTF-8: the answer's status and JSON body. */
    private JsonNode postFiles(String idempotencyKey, String fileName, String content, Map<String, String> fields)
            throws Exception {
        StringBuilder form = new StringBuilder("--docsearch\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(fileName).append("\"\r\nContent-Type: text/plain\r\n\r\n").append(content).append("\r\n");
        fields.forEach((name, value) -> form.append("--docsearch\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"\r\n\r\n").append(value).append("\r\n"));
        form.append("--docsearch--\r\n");
        HttpRequest request = HttpRequest.newBuilder(files)
                .header("Content-Type", "multipart/form-data; boundary=docsearch")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return objectMapper.createObjectNode().put("status", response.statusCode())
                .set("body", objectMapper.readTree(response.body()));
    }

    private JsonNode event(String id) throws Exception {
        return objectMapper.readTree(TopicReader.find("documents", id, Duration.ofSeconds(15))
                .orElseThrow(() -> new AssertionError("no event keyed " + id)).value());
    }
}
