package cn.docsearch.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Originals on the whole platform, through the gateway: a Word file of several chunks uploaded under a Chinese name is
 * downloaded byte for byte with its name, type, length and SHA-256 by a reader of its collection; a reader of another
 * collection gets the answer of a document that does not exist; once the document is deleted, so is its file.
 */
class OriginalsEndToEndIT {
    private static final String BOUNDARY = "docsearch-e2e-originals";
    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private static LocalPlatform platform;
    private static String officeWriter;
    private static String officeReader;
    private static String financeReader;

    @BeforeAll
    static void keys() {
        platform = TestInfrastructure.start(EnumSet.allOf(LocalPlatform.Component.class));
        officeWriter = createKey("办公室录入", "writer", "office");
        officeReader = createKey("办公室查阅", "reader", "office");
        financeReader = createKey("财务科查阅", "reader", "finance");
    }

    @Test
    void anUploadedFileIsDownloadedAsItWasAndDeletedWithItsDocument() {
        String marker = "原件" + UUID.randomUUID().toString().substring(0, 8);
        // over three chunks of the platform's 1 MiB
        byte[] docx = padded(MinimalDocx.of(marker + "关于做好防汛工作的通知", "各乡镇要落实防汛责任，做好应急值守。"),
                3 * 1024 * 1024 + 12_345);
        String id = given(as(officeWriter)).config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("multipart/form-data", ContentType.BINARY)))
                .contentType("multipart/form-data; boundary=" + BOUNDARY).body(form("防汛通知.docx", docx, "office"))
                .post("/api/v1/documents/files").then().statusCode(200).body("accepted", equalTo(1))
                .extract().path("items[0].id");

        Response download = given(as(officeReader)).get("/api/v1/documents/" + id + "/original");
        download.then().statusCode(200)
                .header("Content-Type", DOCX)
                .header("Content-Length", String.valueOf(docx.length))
                .header("ETag", "\"" + sha256(docx) + "\"")
                .header("Content-Disposition", "attachment; filename=\"____.docx\"; "
                        + "filename*=UTF-8''%E9%98%B2%E6%B1%9B%E9%80%9A%E7%9F%A5.docx");
        assertThat(download.asByteArray()).isEqualTo(docx);

        Response hidden = given(as(financeReader)).get("/api/v1/documents/" + id + "/original");
        String missing = UUID.randomUUID().toString();
        Response absent = given(as(financeReader)).get("/api/v1/documents/" + missing + "/original");
        assertThat(hidden.statusCode()).isEqualTo(404).isEqualTo(absent.statusCode());
        assertThat(hidden.<String>path("type")).isEqualTo(absent.path("type"));
        assertThat(hidden.<String>path("detail").replace(id, "ID")).isEqualTo(absent.<String>path("detail").replace(missing, "ID"));

        given(as(officeWriter)).delete("/api/v1/documents/" + id).then().statusCode(202);
        given(as(officeReader)).get("/api/v1/documents/" + id + "/original").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aDocumentSentAsTextHasNoOriginal() {
        String id = given(as(officeWriter)).contentType(ContentType.JSON)
                .body(Map.of("content", "只有文字的通知" + UUID.randomUUID(), "collection", "office"))
                .post("/api/v1/documents").then().statusCode(202).extract().path("id");
        given(as(officeReader)).get("/api/v1/documents/" + id + "/original").then().statusCode(404)
                .body("type", equalTo("urn:docsearch:problem:no-original"));
    }

    /** The form as a browser sends it, the file name in UTF-8. */
    private static byte[] form(String fileName, byte[] file, String collection) {
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.writeBytes(file);
        form.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"collection\"\r\n\r\n"
                + collection + "\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return form.toByteArray();
    }

    /** The Word file with a part of random bytes no reader looks at (the package declares .xml parts). */
    private static byte[] padded(byte[] docx, int paddingBytes) {
        byte[] padding = new byte[paddingBytes];
        new Random(paddingBytes).nextBytes(padding);
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ZipOutputStream out = new ZipOutputStream(bytes);
             ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(docx))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
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

    private static RequestSpecification as(String key) {
        return given().baseUri(platform.gatewayUrl()).header(LocalPlatform.API_KEY_HEADER, key);
    }

    private static String createKey(String name, String role, String collection) {
        return given(as(platform.adminKey())).contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", role, "collections", List.of(collection)))
                .post("/api/v1/admin/keys").then().statusCode(201).extract().path("secret");
    }
}
