package cn.docsearch.ingest.upload;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import cn.docsearch.ingest.KafkaTestResource;
import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.parse.Fixtures;
import cn.docsearch.ingest.writer.PartitionWriters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * An upload written by another instance, the owner of its partition (played here by this instance forwarding to
 * itself over HTTP, as it would to another): the file travels beside the write request, and the owner keeps it as the
 * document's original, byte for byte, under its name.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ForwardedOriginalIT {

    @Inject
    DocumentIngestService ingest;
    @Inject
    WriteForwarder forwarder;
    @Inject
    PartitionWriters writers;

    @TestHTTPResource("/")
    URI self;

    @Test
    void aForwardedFileIsKeptByThePartitionsOwner() throws Exception {
        String collection = "forwarded-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] gbk = Fixtures.text("转发：" + Fixtures.SPEECH.repeat(60), Charset.forName("GBK"));
        Path file = Files.write(Files.createTempFile("forwarded", ".txt"), gbk);
        try {
            DocumentIngestService.Draft draft = ingest.parseFile(file, "转发的讲话.txt", ingest.detectType(file, "转发的讲话.txt"),
                    new SubmissionMetadata(null, null, null, null, collection));
            String contentHash = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(draft.body().getBytes(StandardCharsets.UTF_8)));
            String id = DocumentIngestService.documentId(collection, null, contentHash);

            IngestOutcome outcome = forwarder.forward(self, writers.partitionOf(id),
                    WriteRequest.upload(id, contentHash, draft, null), Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertThat(outcome.id()).isEqualTo(id);
            assertThat(outcome.accepted()).isTrue();

            Response download = given().get("/documents/{id}/original", id);
            download.then().statusCode(200).header("Content-Length", String.valueOf(gbk.length));
            assertThat(download.header("Content-Disposition")).endsWith("%E8%BD%AC%E5%8F%91%E7%9A%84%E8%AE%B2%E8%AF%9D.txt");
            assertThat(download.asByteArray()).isEqualTo(gbk);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
