package cn.docsearch.bench.ingest;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.ingest.event.DocumentEvent;
import cn.docsearch.ingest.event.DocumentState;

/**
 * Start-up of ingest-service at a large corpus (issue 7): writes N documents of 5,000-10,000 characters to a pair of
 * scratch topics as the platform would (each event on the document topic, its small record on the registry topic),
 * then starts the packaged ingest-service with {@code -Xmx256m} on them and measures the time until it is ready, its
 * heap after a full GC, and checks that it knows the documents (a repeated text is a duplicate, a clientId's next
 * upload is version 2). Prints figures; asserts nothing. Deletes the scratch topics at the end unless told to keep them.
 * Arguments: repository root (its .local platform holds the Kafka login), Kafka bootstrap servers, documents, [keep].
 */
public final class RegistryStartupBenchmark {
    /** Instants as ISO-8601 text, as the services write them. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int PARTITIONS = 3;
    private static final List<String> PARAGRAPHS = paragraphs();

    private RegistryStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String bootstrap = args[1];
        int documents = Integer.parseInt(args[2]);
        boolean keep = args.length > 3 && args[3].equals("keep");
        String topic = "startup-bench-" + documents;
        String registryTopic = topic + ".registry";
        Map<String, Object> kafka = LocalPlatform.kafkaClientConfig(bootstrap, root.resolve(".local"));
        try (Admin admin = Admin.create(kafka)) {
            if (!admin.listTopics().names().get().contains(registryTopic)) {
                admin.createTopics(List.of(
                        new NewTopic(topic, PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact",
                                "max.message.bytes", "16777216")),
                        new NewTopic(registryTopic, PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                        .all().get(30, TimeUnit.SECONDS);
                write(kafka, topic, registryTopic, documents);
            } else {
                System.out.printf("Topics %s and %s exist: reusing them%n", topic, registryTopic);
            }
            measureStartup(root, kafka, topic, registryTopic, documents);
            if (!keep) {
                admin.deleteTopics(List.of(topic, registryTopic)).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void write(Map<String, Object> kafka, String topic, String registryTopic, int documents) throws Exception {
        Map<String, Object> config = new LinkedHashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
        long started = System.nanoTime();
        long chars = 0;
        long jsonChars = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                // nothing to take over from before the registry topic
                producer.send(new ProducerRecord<>(registryTopic, partition, DocumentState.BACKFILLED_KEY, "{}"));
            }
            Instant ingestedAt = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < documents; i++) {
                String body = body(i);
                String id = id(i);
                String hash = hash(body);
                int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
                DocumentEvent event = new DocumentEvent(DocumentEvent.SCHEMA_VERSION, id, CollectionNames.DEFAULT, "第" + i + "号工作报告", body,
                        List.of(new DocumentEvent.Section(List.of(), List.of(body.split("\n")))),
                        new DocumentEvent.Metadata("基准测试", List.of("基准"), "bench-" + i, null, null, null, "text/plain",
                                null, null, body.length(), 1, null), hash, ingestedAt);
                String value = JSON.writeValueAsString(event);
                jsonChars += value.length();
                chars += body.length();
                RecordHeaders headers = new RecordHeaders();
                headers.add(DocumentEvent.VERSION_HEADER, "1".getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(topic, partition, id, value, headers));
                producer.send(new ProducerRecord<>(registryTopic, partition, id, JSON.writeValueAsString(new DocumentState(
                        DocumentState.SCHEMA_VERSION, 1, DocumentState.versionedOrder(1), hash, body.length(), false, null,
                        ingestedAt, null))));
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf("  %,d documents written (%.0f s)%n", i + 1, seconds(started));
                }
            }
            producer.flush();
        }
        // the body is in the event twice (text and sections), mostly Chinese: about 3 bytes a character in UTF-8
        System.out.printf("Wrote %,d documents of %,d characters on average (%.1f billion characters of event JSON) in %.0f s%n",
                documents, chars / documents, jsonChars / 1e9, seconds(started));
    }

    private static void measureStartup(Path root, Map<String, Object> kafka, String topic, String registryTopic, int documents)
            throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Path jar = root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        long started = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dquarkus.http.port=" + port,
                "-Dingest.topic=" + topic, "-Dingest.registry-topic=" + registryTopic,
                "-Dingest.writer-group=" + topic + "-writers", "-Dingest.transactional-id-prefix=" + topic,
                "-Dingest.advertised-url=" + url));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        // the Kafka login as environment variables (KAFKA_SASL_JAAS_CONFIG ...), off the command line
        kafka.forEach((key, value) -> builder.environment().put("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'),
                value.toString()));
        Process service = builder
                .redirectErrorStream(true).redirectOutput(root.resolve("ingest-service/target/startup-bench.log").toFile())
                .start();
        try {
            awaitReady(url, service);
            double readySeconds = seconds(started);
            System.out.printf("Ready after %.1f s with -Xmx256m (%,d documents)%n", readySeconds, documents);
            System.out.println("Heap after a full GC: " + heapAfterGc(service.pid()));
            check(url, documents);
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void check(String url, int documents) throws Exception {
        // a document no earlier run of the benchmark changed (with the topics kept, each run uploads a new version of one)
        int sample = new Random().nextInt(documents);
        JsonNode duplicate = post(url, Map.of("content", body(sample)));
        System.out.printf("The text of document %d again: %s of %s (expected duplicate of %s)%n", sample,
                duplicate.path("status").asText(), duplicate.path("id").asText(), id(sample));
        JsonNode next = post(url, Map.of("clientId", "bench-" + sample, "content", "新的一版：" + UUID.randomUUID()));
        System.out.printf("A new upload for clientId bench-%d: version %d (expected 2)%n", sample, next.path("version").asInt());
    }

    private static JsonNode post(String url, Map<String, String> document) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/documents")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(document))).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void awaitReady(String url, Process service) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build();
        while (true) {
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            if (!service.isAlive()) {
                throw new IllegalStateException("ingest-service exited; see ingest-service/target/startup-bench.log");
            }
            Thread.sleep(100);
        }
    }

    private static String heapAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").start().waitFor(60, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String output = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor(60, TimeUnit.SECONDS);
        return output.lines().filter(line -> line.contains("used")).findFirst().orElse(output).strip();
    }

    private static String id(int i) {
        return UUID.nameUUIDFromBytes(("client:bench-" + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** 5,000 to 10,000 characters of report-like paragraphs, different for every document, the same on every run. */
    static String body(int i) {
        Random random = new Random(i);
        int length = 5_000 + random.nextInt(5_001);
        StringBuilder body = new StringBuilder(length + 300).append("第").append(i).append("号报告\n");
        while (body.length() < length) {
            body.append(PARAGRAPHS.get(random.nextInt(PARAGRAPHS.size()))).append('\n');
        }
        return body.substring(0, length);
    }

    private static List<String> paragraphs() {
        String[] words = {"推进", "高质量发展", "乡村振兴", "基层治理", "安全生产", "营商环境", "数字化转型", "生态环境",
                "民生保障", "改革创新", "工作机制", "责任落实", "统筹协调", "监督检查", "人才队伍", "项目建设", "公共服务",
                "风险防范", "产业升级", "科技创新", "全面", "持续", "深入", "扎实", "进一步", "加强", "完善", "提升", "健全",
                "落实", "重点任务", "年度目标", "群众满意度", "制度体系", "长效机制"};
        Random random = new Random(42);
        List<String> paragraphs = new ArrayList<>();
        for (int p = 0; p < 2_000; p++) {
            StringBuilder paragraph = new StringBuilder();
            while (paragraph.length() < 150 + random.nextInt(200)) {
                paragraph.append(words[random.nextInt(words.length)]).append(random.nextInt(8) == 0 ? "，" : "");
            }
            paragraphs.add(paragraph.append("。").toString());
        }
        return paragraphs;
    }

    private static String hash(String body) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
