package cn.docsearch.ingest.originals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.KafkaTestResource;
import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.parse.Fixtures;
import cn.docsearch.ingest.topics.TopicReader;
import cn.docsearch.kafka.PoisonRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.common.annotation.Identifier;

/**
 * Uploaded files kept in Kafka and downloaded again (GET /documents/{id}/original), against the real broker, with
 * chunks of 16 KiB (%test): byte for byte, with their name, type, length and SHA-256; a new version, a delete, a zip's
 * members, and a view of the originals built afresh from the topic, as another instance or a restart would.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class OriginalsIT {
    private static final String OCTETS = "application/octet-stream";
    private static final String BOUNDARY = "docsearch-originals";
    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    /** Each test in a collection of its own: the same fixture elsewhere would make its upload a duplicate. */
    private final String collection = "originals-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    IngestConfig config;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    ObjectMapper objectMapper;
    @Inject
    PoisonRecords poison;

    @Test
    void aWordFileComesBackByteForByteWithItsNameTypeLengthAndHash() {
        byte[] docx = Fixtures.docx();
        String id = upload("工作报告.docx", docx, null);

        Response download = given().get("/documents/{id}/original", id);
        download.then().statusCode(200)
                .header("Content-Type", DOCX)
                .header("Content-Length", String.valueOf(docx.length))
                .header("ETag", "\"" + sha256(docx) + "\"")
                .header("Content-Disposition", "attachment; filename=\"____.docx\"; "
                        + "filename*=UTF-8''%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A.docx");
        assertThat(download.asByteArray()).isEqualTo(docx);
    }

    /** A GBK text comes back in GBK, not as the UTF-8 text it was indexed as, and says so. */
    @Test
    void aGbkTextWithAChineseNameComesBackAsItWasSent() {
        byte[] gbk = Fixtures.text(Fixtures.SPEECH.repeat(110), Charset.forName("GBK"));
        assertThat(gbk.length).as("spans several chunks").isGreaterThan(2 * config.originals().chunkBytes());
        String id = upload("会议讲话.txt", gbk, null);

        Response download = given().get("/documents/{id}/original", id);
        download.then().statusCode(200)
                .header("Content-Length", String.valueOf(gbk.length))
                .header("Content-Disposition", equalTo("attachment; filename=\"____.txt\"; "
                        + "filename*=UTF-8''%E4%BC%9A%E8%AE%AE%E8%AE%B2%E8%AF%9D.txt"));
        assertThat(download.contentType()).startsWith("text/plain").containsIgnoringCase("charset=gb");
        assertThat(download.asByteArray()).isEqualTo(gbk);
    }

    /**
     * A file of many chunks, then a new version of one chunk under the same clientId: the download is the new file,
     * and the chunks the new one has not overwritten are tombstones on the topic.
     */
    @Test
    void aNewVersionReplacesTheOriginalAndItsLeftOverChunks() {
        byte[] large = padded(Fixtures.docx(), 300_000);
        int chunks = OriginalChunks.count(large.length, config.originals().chunkBytes());
        assertThat(chunks).isGreaterThan(10);
        String id = upload("大文件.docx", large, "report-1");
        assertThat(given().get("/documents/{id}/original", id).then().statusCode(200).extract().asByteArray())
                .isEqualTo(large);

        byte[] small = Fixtures.text("第二版：" + Fixtures.SPEECH, Charset.forName("GBK"));
        assertThat(upload("第二版.txt", small, "report-1")).isEqualTo(id);
        Response download = given().get("/documents/{id}/original", id);
        download.then().statusCode(200).header("ETag", "\"" + sha256(small) + "\"");
        assertThat(download.asByteArray()).isEqualTo(small);
        assertThat(latest(config.originals().topic(), OriginalChunks.key(id, 1)).value()).isNull();
        assertThat(latest(config.originals().topic(), OriginalChunks.key(id, chunks - 1)).value()).isNull();
        assertThat(latest(config.originals().topic(), OriginalChunks.key(id, 0)).value()).isNotNull();
    }

    @Test
    void aDeletedDocumentsOriginalIsGoneAndTombstonedOnBothTopics() {
        byte[] large = padded(Fixtures.docx(), 60_000);
        int chunks = OriginalChunks.count(large.length, config.originals().chunkBytes());
        String id = upload("待删除.docx", large, null);
        given().get("/documents/{id}/original", id).then().statusCode(200);

        given().delete("/documents/{id}", id).then().statusCode(202);
        given().get("/documents/{id}/original", id).then().statusCode(404);
        assertThat(latest(config.originals().manifestTopic(), id).value()).isNull();
        for (int i = 0; i < chunks; i++) {
            assertThat(latest(config.originals().topic(), OriginalChunks.key(id, i)).value()).as("chunk %d", i).isNull();
        }
    }

    /** A text sent as JSON has no file: 404 no-original, told apart from a document that does not exist. */
    @Test
    void aTextHasNoOriginal() {
        String id = given().contentType("application/json")
                .body(Map.of("content", Fixtures.SPEECH + "\n" + collection, "collection", collection))
                .post("/documents").then().statusCode(202).extract().path("id");
        given().get("/documents/{id}/original", id).then().statusCode(404)
                .body("type", equalTo("urn:docsearch:problem:no-original"));
        given().get("/documents/{id}/original", UUID.randomUUID()).then().statusCode(404)
                .body("type", equalTo("urn:docsearch:problem:document-not-found"));
    }

    /** Another collection's caller is told the document does not exist, as for every other read. */
    @Test
    void anotherCollectionsCallerDoesNotFindIt() {
        String id = upload("通知.docx", Fixtures.docx(), null);
        given().queryParam("collections", "someone-else").get("/documents/{id}/original", id).then().statusCode(404)
                .body("type", equalTo("urn:docsearch:problem:document-not-found"));
        given().queryParam("collections", "someone-else," + collection).get("/documents/{id}/original", id)
                .then().statusCode(200);
    }

    /** Each member of a zip is a document of its own, and its original is the member, not the archive. */
    @Test
    void aZipsMembersAreKeptAsTheirOwnOriginals() {
        byte[] docx = Fixtures.docx();
        byte[] text = Fixtures.text(Fixtures.SPEECH, Charset.forName("GBK"));
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("材料/报告.docx", docx);
        members.put("讲话.txt", text);
        Response receipt = given().multiPart("file", "材料.zip", Fixtures.zip(members), "application/zip")
                .multiPart("collection", collection).post("/documents/files");
        receipt.then().statusCode(200).body("accepted", equalTo(2));
        List<Map<String, Object>> items = receipt.path("items");
        for (Map<String, Object> item : items) {
            byte[] member = item.get("name").toString().endsWith(".docx") ? docx : text;
            Response download = given().get("/documents/{id}/original", item.get("id"));
            download.then().statusCode(200);
            assertThat(download.asByteArray()).as(item.get("name").toString()).isEqualTo(member);
            assertThat(download.header("Content-Disposition")).as("the member's own name")
                    .endsWith(item.get("name").toString().endsWith(".docx") ? "%E6%8A%A5%E5%91%8A.docx" : "%E8%AF%9D.txt");
        }
    }

    /**
     * A view of the originals built from the topic alone, as a second instance or this one after a restart builds it,
     * finds the original and streams the same bytes.
     */
    @Test
    void aViewBuiltAfreshFromTheTopicServesTheOriginal() throws Exception {
        byte[] large = padded(Fixtures.docx(), 100_000);
        String id = upload("重启之后.docx", large, null);

        OriginalsView fresh = new OriginalsView(config, kafkaConfig, objectMapper, poison);
        fresh.start(null);
        try {
            assertThat(fresh.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            OriginalStore store = new OriginalStore(config, kafkaConfig, fresh, objectMapper);
            OriginalStore.StoredOriginal original = store.find(id).orElseThrow();
            assertThat(original.manifest().fileName()).isEqualTo("重启之后.docx");
            assertThat(original.manifest().sha256()).isEqualTo(sha256(large));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.copy(original, out);
            assertThat(out.toByteArray()).isEqualTo(large);
        } finally {
            fresh.stop(null);
        }
    }

    /**
     * Uploads one file to this test's collection; its document's id. The form is written out with its headers in
     * UTF-8, as browsers send a Chinese file name (RestAssured would send it in ISO-8859-1).
     */
    private String upload(String name, byte[] bytes, String clientId) {
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: " + OCTETS + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.writeBytes(bytes);
        form.writeBytes(field("collection", collection));
        if (clientId != null) {
            form.writeBytes(field("clientId", clientId));
        }
        form.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("multipart/form-data", ContentType.BINARY)))
                .contentType("multipart/form-data; boundary=" + BOUNDARY).body(form.toByteArray())
                .post("/documents").then().statusCode(202).extract().path("id");
    }

    private static byte[] field(String name, String value) {
        return ("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, String> latest(String topic, String key) {
        return TopicReader.find(topic, key, Duration.ofSeconds(10)).orElseThrow();
    }

    /** The Word file with a part of random bytes no reader looks at: a large file of the same text. */
    private static byte[] padded(byte[] docx, int paddingBytes) {
        byte[] padding = new byte[paddingBytes];
        new Random(paddingBytes).nextBytes(padding);
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ZipOutputStream out = new ZipOutputStream(bytes);
             ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(docx))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            // a part POI takes (the package declares .xml) and nothing refers to
            out.putNextEntry(new ZipEntry("docProps/padding.xml"));
            out.write(padding);
            out.closeEntry();
            out.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
