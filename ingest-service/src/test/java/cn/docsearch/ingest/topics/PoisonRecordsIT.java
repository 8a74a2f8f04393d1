package cn.docsearch.ingest.topics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.TestInfrastructure;
import cn.docsearch.ingest.KafkaTestResource;
import cn.docsearch.ingest.event.DocumentState;
import cn.docsearch.ingest.jobs.JobQueue;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Records no instance writes, put straight on the topics ingest-service consumes, in every partition: each is skipped
 * (a record without a key only on the job input topic: the compacted ones refuse it)
 * and counted, and the records and jobs written after them are still processed. Before, a registry record of
 * {@code {}}-like shape was only logged, a job status {@code {}} or a manifest {@code {}} failed their reader, which
 * read the same record again for ever, and a job key too long for a file name did the same to the job queue.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PoisonRecordsIT {
    private static final String REGISTRY_TOPIC = "documents.registry";
    private static final String JOB_INPUT_TOPIC = "document-jobs";
    private static final String JOB_STATUS_TOPIC = "document-jobs.status";
    private static final Duration PROCESSED = Duration.ofSeconds(30);

    @Inject
    ObjectMapper objectMapper;

    @Test
    void theRegistryGoesOnPastRecordsItCanNeverRead() throws Exception {
        double before = poisonCount("registry");
        List<String> unreadable = List.of("不是JSON {", "[1,2,3]", "null", "\"登记\"", "{\"version\":\"第二版\"}", "{}",
                "{\"contentHash\":\"md5:乡村振兴\",\"version\":1}", garbage(500_000));
        String valid = UUID.randomUUID().toString();
        String validHash = "sha256:" + "5a".repeat(32);
        int written = 0;
        try (KafkaProducer<String, String> producer = stringProducer()) {
            for (int partition = 0; partition < partitions(producer, REGISTRY_TOPIC); partition++) {
                for (String value : unreadable) {
                    send(producer, new ProducerRecord<>(REGISTRY_TOPIC, partition, UUID.randomUUID().toString(), value));
                }
                send(producer, new ProducerRecord<String, String>(REGISTRY_TOPIC, partition, UUID.randomUUID().toString(), null));
                send(producer, new ProducerRecord<>(REGISTRY_TOPIC, partition, "键".repeat(20_000), "{}"));
                written += unreadable.size() + 2;
            }
            // after them, in the last partition, a record the platform writes
            send(producer, new ProducerRecord<>(REGISTRY_TOPIC, partitions(producer, REGISTRY_TOPIC) - 1, valid,
                    objectMapper.writeValueAsString(new DocumentState(DocumentState.SCHEMA_VERSION, 1,
                            DocumentState.versionedOrder(1), validHash, 12, false, null, Instant.now(), null))));
        }

        await().atMost(PROCESSED).untilAsserted(() -> given().get("/documents/" + valid)
                .then().statusCode(200).body("version", equalTo(1)).body("contentHash", equalTo(validHash)));
        assertThat(poisonCount("registry") - before).isGreaterThanOrEqualTo(written);
        // the partitions' writers, which wait for the registry to have read their partition, still write
        given().contentType(ContentType.JSON).body(Map.of("content", "毒记录之后的通知。" + UUID.randomUUID()))
                .when().post("/documents")
                .then().statusCode(202);
    }

    @Test
    void theJobQueueGoesOnPastRecordsItCanNeverReadAndEndsAJobWhoseManifestIsUnreadable() throws Exception {
        double before = poisonCount("jobs");
        String unreadableJob = UUID.randomUUID().toString();
        String shapelessJob = UUID.randomUUID().toString();
        int written = 0;
        try (KafkaProducer<String, String> statuses = stringProducer();
             KafkaProducer<String, byte[]> input = new KafkaProducer<>(TestInfrastructure.kafkaClientConfig(),
                     new StringSerializer(), new ByteArraySerializer())) {
            // two jobs queued as an instance queues them, whose manifests then cannot be read
            for (String job : List.of(unreadableJob, shapelessJob)) {
                send(statuses, new ProducerRecord<>(JOB_STATUS_TOPIC, job, queuedStatus(job)));
            }
            send(input, manifest(unreadableJob, "{\"id\":".getBytes(StandardCharsets.UTF_8)));
            send(input, manifest(shapelessJob, ("{\"id\":\"" + shapelessJob + "\",\"kind\":\"documents\"}").getBytes(StandardCharsets.UTF_8)));
            written += 2;
            for (int partition = 0; partition < partitions(input, JOB_INPUT_TOPIC); partition++) {
                send(input, new ProducerRecord<>(JOB_INPUT_TOPIC, partition, null, bytes("无键的片段")));
                send(input, new ProducerRecord<String, byte[]>(JOB_INPUT_TOPIC, partition, UUID.randomUUID().toString(), null));
                send(input, new ProducerRecord<>(JOB_INPUT_TOPIC, partition, UUID.randomUUID().toString(), bytes("无头的记录")));
                ProducerRecord<String, byte[]> noFileNumber = new ProducerRecord<>(JOB_INPUT_TOPIC, partition,
                        UUID.randomUUID().toString(), bytes("没有文件编号的片段"));
                noFileNumber.headers().add(JobQueue.PART_HEADER, bytes(JobQueue.PIECE)).add(JobQueue.FILE_HEADER, bytes("第一"));
                send(input, noFileNumber);
                // of no job ever queued: a manifest with nobody to tell
                ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(JOB_INPUT_TOPIC, partition,
                        UUID.randomUUID().toString(), bytes(garbage(500_000)));
                garbage.headers().add(JobQueue.PART_HEADER, bytes(JobQueue.MANIFEST));
                send(input, garbage);
                // a key no file system takes as a folder name, on a piece that is otherwise fine
                ProducerRecord<String, byte[]> longKey = new ProducerRecord<>(JOB_INPUT_TOPIC, partition,
                        "任".repeat(5_000) + partition, bytes("片段"));
                longKey.headers().add(JobQueue.PART_HEADER, bytes(JobQueue.PIECE)).add(JobQueue.FILE_HEADER, bytes("0"));
                send(input, longKey);
                written += 5;
            }
        }

        for (String job : List.of(unreadableJob, shapelessJob)) {
            JsonPath failed = awaitDone(job);
            assertThat(failed.getInt("refused")).isEqualTo(1);
            assertThat(failed.getString("items[0].status")).isEqualTo("refused");
            assertThat(failed.getString("items[0].problem.type")).isEqualTo("urn:docsearch:problem:job-manifest-unreadable");
            assertThat(failed.getInt("items[0].problem.status")).isEqualTo(422);
            assertThat(failed.getString("items[0].problem.detail")).startsWith("The job's manifest in Kafka can never be read");
        }
        // a job submitted after them runs
        String marker = UUID.randomUUID().toString();
        String job = given().contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(Map.of("content", "毒记录之后的批量任务。" + marker))))
                .when().post("/jobs")
                .then().statusCode(202).extract().path("id");
        JsonPath done = awaitDone(job);
        assertThat(done.getInt("accepted")).isEqualTo(1);
        assertThat(poisonCount("jobs") - before).isGreaterThanOrEqualTo(written);
    }

    @Test
    void theJobStatusViewGoesOnPastStatusesItCanNeverRead() throws Exception {
        double before = poisonCount("jobs");
        String other = UUID.randomUUID().toString();
        List<String> unreadable = List.of("不是JSON {", "null", "[]", "{}", "{\"id\":\"" + other + "\",\"state\":\"queued\"}",
                queuedStatus(other).replace("\"queued\"", "\"暂停\""), garbage(500_000));
        int written = 0;
        List<String> writtenAfter = new ArrayList<>();
        try (KafkaProducer<String, String> producer = stringProducer()) {
            for (int partition = 0; partition < partitions(producer, JOB_STATUS_TOPIC); partition++) {
                for (String value : unreadable) {
                    send(producer, new ProducerRecord<>(JOB_STATUS_TOPIC, partition, other, value));
                }
                written += unreadable.size();
                // after them in the partition, a status as another instance writes it (this one's view learns it
                // from the topic only)
                String after = UUID.randomUUID().toString();
                send(producer, new ProducerRecord<>(JOB_STATUS_TOPIC, partition, after, queuedStatus(after)
                        .replace("\"queued\"", "\"done\"").replace("\"refused\":0}", "\"refused\":0,\"items\":[]}")));
                writtenAfter.add(after);
            }
        }
        for (String after : writtenAfter) {
            await().atMost(PROCESSED).untilAsserted(() -> given().get("/jobs/" + after)
                    .then().statusCode(200).body("state", equalTo("done")));
        }
        String marker = UUID.randomUUID().toString();
        String job = given().contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(Map.of("content", "坏状态之后的批量任务。" + marker))))
                .when().post("/jobs")
                .then().statusCode(202).extract().path("id");
        assertThat(awaitDone(job).getInt("accepted")).isEqualTo(1);
        given().get("/jobs/" + other).then().statusCode(404);
        given().get("/jobs?limit=100").then().statusCode(200);
        int skipped = written;
        await().atMost(PROCESSED).untilAsserted(() -> assertThat(poisonCount("jobs") - before).isGreaterThanOrEqualTo(skipped));
    }

    private String queuedStatus(String job) {
        String now = Instant.now().toString();
        return "{\"schemaVersion\":1,\"id\":\"" + job + "\",\"kind\":\"documents\",\"state\":\"queued\",\"createdAt\":\""
                + now + "\",\"updatedAt\":\"" + now + "\",\"total\":1,\"done\":0,\"accepted\":0,\"duplicates\":0,\"refused\":0}";
    }

    private static ProducerRecord<String, byte[]> manifest(String job, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(JOB_INPUT_TOPIC, job, value);
        record.headers().add(JobQueue.PART_HEADER, bytes(JobQueue.MANIFEST));
        return record;
    }

    private static JsonPath awaitDone(String id) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            last[0] = given().get("/jobs/" + id).then().extract().jsonPath();
            return "done".equals(last[0].getString("state"));
        });
        return last[0];
    }

    /** docsearch_poison_records_total{stage} as /q/metrics shows it (0 before the first). */
    private static double poisonCount(String stage) {
        Matcher count = Pattern.compile("(?m)^docsearch_poison_records_total\\{[^}]*stage=\"" + stage + "\"[^}]*} (\\S+)$")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    /** Random printable characters, not JSON of anything. */
    private static String garbage(int chars) {
        Random random = new Random(chars);
        StringBuilder text = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            text.append((char) ('!' + random.nextInt(90)));
        }
        return text.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, String> stringProducer() {
        return new KafkaProducer<>(TestInfrastructure.kafkaClientConfig(), new StringSerializer(), new StringSerializer());
    }

    private static int partitions(KafkaProducer<?, ?> producer, String topic) {
        return producer.partitionsFor(topic).size();
    }

    private static <V> void send(KafkaProducer<String, V> producer, ProducerRecord<String, V> record) throws Exception {
        producer.send(record).get(10, TimeUnit.SECONDS);
    }
}
