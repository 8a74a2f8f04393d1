package cn.docsearch.bench.platform;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.Distribution;
import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.LocalPlatform.Component;
import cn.docsearch.infra.PlatformSettings;

/**
 * The fault suite of docs/reliability.md, on the local platform (real processes): for each scenario, clients send
 * documents through the gateway (8 at once, each with a clientId and an Idempotency-Key, retrying a 5xx or a broken
 * connection with the same key, as the API asks), a fault is injected when a third is sent, and once the load is
 * done it waits until Elasticsearch holds every accepted document. Then it counts: accepted, indexed, lost (accepted
 * and not indexed), doubled (a second document or version for one clientId), 5xx answers, the time from the fault's
 * end until all were indexed, and, with searches running beside the load, failed searches. Exits 1 when anything
 * was lost or doubled, or when anything failed during a rebuild. Arguments: repository root, documents per scenario, scenarios (all when none).
 */
public final class FaultSuite {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int CLIENTS = 8;
    private static final Duration GIVE_UP = Duration.ofMinutes(10);

    private final LocalPlatform platform;
    private final int documents;
    /** A second ingest-service instance's URL while one runs: every other document is sent to it directly. */
    private volatile String secondIngest;

    private FaultSuite(LocalPlatform platform, int documents) {
        this.platform = platform;
        this.documents = documents;
    }

    /** What is done to the platform once a third of the documents are sent. */
    private interface Fault {
        /** Injects the fault and repairs it; returns when the platform is whole again (not necessarily caught up). */
        void inject(FaultSuite suite) throws Exception;
    }

    private static final Map<String, Fault> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("restart-search", suite -> suite.stopFor(Component.SEARCH, Duration.ZERO));
        SCENARIOS.put("kill-search", suite -> suite.killAndRestart(Component.SEARCH));
        SCENARIOS.put("two-search-instances", FaultSuite::secondSearchInstance);
        SCENARIOS.put("kill-ingest", suite -> suite.killAndRestart(Component.INGEST));
        SCENARIOS.put("two-ingest-instances", FaultSuite::secondIngestInstance);
        SCENARIOS.put("kill-elasticsearch", suite -> suite.killAndRestart(Component.ELASTICSEARCH));
        SCENARIOS.put("stop-kafka-30s", suite -> suite.stopFor(Component.KAFKA, Duration.ofSeconds(30)));
        SCENARIOS.put("stop-kafka-120s", suite -> suite.stopFor(Component.KAFKA, Duration.ofSeconds(120)));
        SCENARIOS.put("rebuild", FaultSuite::rebuild);
        SCENARIOS.put("long-document", FaultSuite::longDocument);
        SCENARIOS.put("restore-topic", FaultSuite::restoreTopic);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int documents = Integer.parseInt(args[1]);
        List<String> chosen = args.length > 2 ? List.of(args).subList(2, args.length) : List.copyOf(SCENARIOS.keySet());
        Distribution distribution = Distribution.fromBuild();
        PlatformSettings settings = PlatformSettings.fromEnvironment(System.getenv(), root.resolve(".local"));
        FaultSuite suite = new FaultSuite(new LocalPlatform(settings, distribution), documents);
        List<Result> results = new ArrayList<>();
        for (String scenario : chosen) {
            Fault fault = SCENARIOS.get(scenario);
            if (fault == null) {
                throw new IllegalArgumentException("Unknown scenario " + scenario + "; known: " + SCENARIOS.keySet());
            }
            suite.platform.start(EnumSet.allOf(Component.class));
            Result result = suite.run(scenario, fault);
            results.add(result);
            System.out.println(result.row());
        }
        System.out.println();
        System.out.println("| scenario | sent | accepted | indexed | lost | doubled | 5xx | failed searches / searches "
                + "| search p50 / max | all indexed after the repair |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        results.forEach(result -> System.out.println(result.row()));
        // a rebuild is no fault: nothing may fail during it, searches included
        if (results.stream().anyMatch(result -> result.lost() > 0 || result.doubled() > 0 || result.scenario().equals("rebuild")
                && (result.serverErrors() > 0 || result.failedSearches() > 0))) {
            System.exit(1);
        }
    }

    record Result(String scenario, int sent, int accepted, long indexed, long lost, long doubled, int serverErrors,
                  int failedSearches, int searches, int failedSearchesAfterRepair, int searchesAfterRepair,
                  long searchP50Millis, long searchMaxMillis, double recoverySeconds) {
        String row() {
            return String.format("| %s | %d | %d | %d | %d | %d | %d | %d / %d (after the repair %d / %d) | %d / %d ms | %.1f s |",
                    scenario, sent, accepted, indexed, lost, doubled, serverErrors, failedSearches, searches,
                    failedSearchesAfterRepair, searchesAfterRepair, searchP50Millis, searchMaxMillis, recoverySeconds);
        }
    }

    private Result run(String scenario, Fault fault) throws Exception {
        String tag = "fault-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            load.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < documents; i = next.getAndIncrement()) {
                    int status = sendUntilAnswered(tag, i, serverErrors, deadline);
                    if (status == 200 || status == 202) {
                        accepted.incrementAndGet();
                    } else {
                        refused.add(i + ": " + status);
                    }
                }
                return null;
            }));
        }
        Searches searches = new Searches(platform.gatewayUrl(), platform.adminKey());
        Future<?> searching = clients.submit(searches);
        while (next.get() < documents / 3) {
            Thread.sleep(20);
        }
        System.out.printf("%s: fault injected after %d documents%n", scenario, next.get());
        fault.inject(this);
        long repaired = System.nanoTime();
        searches.repaired();
        for (Future<?> client : load) {
            client.get();
        }
        long sent = System.nanoTime();
        long indexed = awaitIndexed(tag, accepted.get(), deadline);
        long done = System.nanoTime();
        double recovery = (done - repaired) / 1e9;
        // the last column counts both: the clients sending the rest of the load, and the platform indexing it
        System.out.printf("  the clients had sent the rest %.1f s after the repair; all were indexed %.1f s after that%n",
                (sent - repaired) / 1e9, (done - sent) / 1e9);
        platform.stopExtraInstances();
        secondIngest = null;
        searches.stop();
        searching.get();
        clients.shutdown();
        long doubled = doubled(tag);
        if (!refused.isEmpty()) {
            System.out.println("  refused: " + List.copyOf(refused).subList(0, Math.min(10, refused.size())));
        }
        return new Result(scenario, documents, accepted.get(), indexed, accepted.get() - indexed, doubled,
                serverErrors.get(), searches.failed.get(), searches.total.get(), searches.failedAfterRepair.get(),
                searches.totalAfterRepair.get(), searches.percentile(50),
                searches.percentile(100), recovery);
    }

    /** Sends document i until an answer other than 5xx comes, as a careful client would: same Idempotency-Key. */
    private int sendUntilAnswered(String tag, int i, AtomicInteger serverErrors, long deadline) throws Exception {
        String clientId = tag + "-" + i;
        String body = JSON.writeValueAsString(Map.of("title", "第" + i + "号防汛工作情况通报",
                "content", "一、总体情况\n本周完成" + tag + "堤段巡查第" + i + "次，发现并处置险情若干。\n二、下一步工作\n"
                        + "继续落实二十四小时值班制度，编号" + UUID.randomUUID() + "。",
                "tags", List.of(tag), "clientId", clientId, "source", "防汛办"));
        String second = secondIngest;
        URI target = URI.create(second != null && i % 2 == 1 ? second + "/documents" : platform.gatewayUrl() + "/api/v1/documents");
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header(LocalPlatform.INTERNAL_TOKEN_HEADER, platform.internalToken())
                .header(LocalPlatform.API_KEY_HEADER, platform.adminKey())
                .header("Idempotency-Key", clientId).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        while (System.nanoTime() < deadline) {
            try {
                int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 500) {
                    return status;
                }
                serverErrors.incrementAndGet();
            } catch (IOException e) {
                // the gateway itself is down or the connection broke: the same as a 503 for a client
            }
            Thread.sleep(1000);
        }
        return -1;
    }

    /** Waits until Elasticsearch holds every accepted document of this run (or gives up), and returns how many it holds. */
    private long awaitIndexed(String tag, int accepted, long deadline) throws Exception {
        long indexed = 0;
        while (System.nanoTime() < deadline) {
            indexed = count(tag);
            if (indexed >= accepted) {
                break;
            }
            Thread.sleep(500);
        }
        return indexed;
    }

    private long count(String tag) {
        try {
            JsonNode answer = elasticsearch("/documents/_count", Map.of("query", Map.of("term", Map.of("tags", tag))));
            return answer.path("count").asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Documents beyond one per clientId, and versions beyond the first (the same content stored twice). */
    private long doubled(String tag) throws Exception {
        elasticsearch("/documents/_refresh", null);
        JsonNode hits = elasticsearch("/documents/_search", Map.of("size", 10_000, "_source", List.of("clientId", "version"),
                "query", Map.of("term", Map.of("tags", tag)))).path("hits").path("hits");
        Set<String> clientIds = new HashSet<>();
        long doubled = 0;
        for (JsonNode hit : hits) {
            if (!clientIds.add(hit.path("_source").path("clientId").asText()) || hit.path("_source").path("version").asInt(1) > 1) {
                doubled++;
            }
        }
        return doubled;
    }

    private JsonNode elasticsearch(String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.elasticsearchUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", platform.elasticsearchAuthorization());
        request = body == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private void killAndRestart(Component component) throws Exception {
        platform.kill(component);
        System.out.printf("  kill -9 %s, starting it again%n", component);
        platform.start(EnumSet.of(component));
    }

    /**
     * A second search-service instance joins the groups during the load (the partitions are shared between the
     * two), then the first is killed and started again: the second goes on alone meanwhile.
     */
    private void secondSearchInstance() throws Exception {
        System.out.printf("  a second search-service (%s) shares the partitions%n", platform.startExtraInstance(Component.SEARCH));
        killAndRestart(Component.SEARCH);
    }

    /**
     * A second ingest-service instance takes half the partitions and every other document directly; then the first is
     * killed (the second writes its partitions once its session has expired) and started again.
     */
    private void secondIngestInstance() throws Exception {
        secondIngest = platform.startExtraInstance(Component.INGEST);
        System.out.printf("  a second ingest-service (%s) shares the partitions%n", secondIngest);
        Thread.sleep(5_000);
        killAndRestart(Component.INGEST);
    }

    private void stopFor(Component component, Duration outage) throws Exception {
        platform.stop(EnumSet.of(component));
        System.out.printf("  %s stopped for %d s%n", component, outage.toSeconds());
        Thread.sleep(outage.toMillis());
        platform.start(EnumSet.of(component));
    }

    /** Rebuilds the index under the load and the searches; returns once the alias has moved to the new index. */
    private void rebuild() throws Exception {
        HttpRequest start = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v1/admin/index/rebuild"))
                .header(LocalPlatform.API_KEY_HEADER, platform.adminKey())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> started = HTTP.send(start, HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("Rebuild not started: " + started.statusCode() + " " + started.body());
        }
        String building = JSON.readTree(started.body()).path("building").path("index").asText();
        System.out.println("  rebuilding into " + building);
        HttpRequest status = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v1/admin/index"))
                .header(LocalPlatform.API_KEY_HEADER, platform.adminKey()).build();
        while (!building.equals(JSON.readTree(HTTP.send(status, HttpResponse.BodyHandlers.ofString()).body())
                .path("live").path("index").asText())) {
            Thread.sleep(1000);
        }
    }

    /**
     * A document of 2 million characters (the limit) that matches the searches running beside the load: it must be
     * indexed within the bulk timeout and must not break or slow them (highlighting works on passages, never on the
     * whole body). Returns once it is searchable.
     */
    private void longDocument() throws Exception {
        // a new text every run: the same text again would be a duplicate
        StringBuilder text = new StringBuilder(2_000_000).append("编号").append(UUID.randomUUID()).append('\n');
        for (int paragraph = 0; text.length() < 1_999_000; paragraph++) {
            text.append("第").append(paragraph).append("段：汛期防汛值班人员坚守岗位，逐段巡查堤防，及时上报水情。\n");
        }
        text.setLength(1_999_000);
        long started = System.nanoTime();
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v1/documents"))
                .header(LocalPlatform.API_KEY_HEADER, platform.adminKey())
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(text.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("Long document not accepted: " + answer.statusCode() + " " + answer.body());
        }
        String id = JSON.readTree(answer.body()).path("id").asText();
        HttpRequest status = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v1/documents/" + id + "/status"))
                .header(LocalPlatform.API_KEY_HEADER, platform.adminKey()).build();
        String state = "";
        while (!state.equals("indexed") && !state.equals("embedded") && !state.equals("failed")) {
            Thread.sleep(200);
            state = JSON.readTree(HTTP.send(status, HttpResponse.BodyHandlers.ofString()).body()).path("status").asText();
        }
        System.out.printf("  a %d-character document %s %.1f s after it was sent%n", text.length(), state,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * The topic is deleted and created again from a copy of its events, as a restore from a backup would: the
     * services are stopped, the copy keeps the last event of each document in each partition (what compaction
     * keeps), so the new topic's offsets are denser than the old ones, and the services are started again.
     */
    private void restoreTopic() throws Exception {
        platform.stop(EnumSet.of(Component.INGEST, Component.SEARCH));
        String topic = "documents";
        Map<String, Object> kafka = platform.kafkaClientConfig();
        try (Admin admin = Admin.create(kafka)) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Map<String, String> configs = new HashMap<>();
            admin.describeConfigs(List.of(resource)).all().get().get(resource).entries().stream()
                    .filter(entry -> entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                    .forEach(entry -> configs.put(entry.name(), entry.value()));
            Map<Integer, Collection<ConsumerRecord<String, String>>> copy = copyCompacted(topic, description.partitions().size());
            admin.deleteTopics(List.of(topic)).all().get();
            NewTopic recreated = new NewTopic(topic, description.partitions().size(),
                    (short) description.partitions().get(0).replicas().size()).configs(configs);
            while (true) {
                try {
                    admin.createTopics(List.of(recreated)).all().get();
                    break;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    Thread.sleep(500); // the deletion is still going on
                }
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(platform.kafkaClientConfig(Map.of("acks", "all",
                    "max.request.size", 16 * 1024 * 1024)),
                    new StringSerializer(), new StringSerializer())) {
                long copied = 0;
                for (Map.Entry<Integer, Collection<ConsumerRecord<String, String>>> partition : copy.entrySet()) {
                    for (ConsumerRecord<String, String> record : partition.getValue()) {
                        producer.send(new ProducerRecord<>(topic, partition.getKey(), record.key(), record.value(), record.headers()));
                        copied++;
                    }
                }
                producer.flush();
                System.out.printf("  topic %s deleted and created again from %d events (configs %s)%n", topic, copied, configs);
            }
        }
        platform.start(EnumSet.of(Component.INGEST, Component.SEARCH));
    }

    /** The last event of each key in each partition, in offset order. */
    private Map<Integer, Collection<ConsumerRecord<String, String>>> copyCompacted(String topic, int partitions) {
        Map<Integer, Collection<ConsumerRecord<String, String>>> copy = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(platform.kafkaClientConfig(Map.of(
                "max.partition.fetch.bytes", 32 * 1024 * 1024)),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            Map<Integer, LinkedHashMap<String, ConsumerRecord<String, String>>> latest = new TreeMap<>();
            while (all.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    LinkedHashMap<String, ConsumerRecord<String, String>> byKey =
                            latest.computeIfAbsent(record.partition(), p -> new LinkedHashMap<>());
                    byKey.remove(record.key());
                    byKey.put(record.key(), record);
                }
            }
            latest.forEach((partition, byKey) -> copy.put(partition, byKey.values()));
        }
        return copy;
    }

    /** Keyword searches one after another beside the load, counting those that fail. */
    private static final class Searches implements Runnable {
        private final String gateway;
        private final String apiKey;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger total = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        // once the fault is repaired (the component started again and ready), a search should not fail any more
        private volatile boolean repaired;
        final AtomicInteger totalAfterRepair = new AtomicInteger();
        final AtomicInteger failedAfterRepair = new AtomicInteger();
        private final ConcurrentLinkedQueue<Long> millis = new ConcurrentLinkedQueue<>();

        Searches(String gateway, String apiKey) {
            this.gateway = gateway;
            this.apiKey = apiKey;
        }

        @Override
        public void run() {
            String query = URLEncoder.encode("防汛 值班", StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/search?mode=keyword&q=" + query))
                    .header(LocalPlatform.API_KEY_HEADER, apiKey).timeout(Duration.ofSeconds(30)).build();
            while (running.get()) {
                boolean afterRepair = repaired;
                total.incrementAndGet();
                if (afterRepair) {
                    totalAfterRepair.incrementAndGet();
                }
                long started = System.nanoTime();
                boolean succeeded = false;
                try {
                    if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        succeeded = true;
                        millis.add((System.nanoTime() - started) / 1_000_000);
                    }
                } catch (IOException e) {
                    // counted as failed below
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (!succeeded) {
                    failed.incrementAndGet();
                    if (afterRepair) {
                        failedAfterRepair.incrementAndGet();
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void repaired() {
            repaired = true;
        }

        void stop() {
            running.set(false);
        }

        /** Of the searches that succeeded. */
        long percentile(int percent) {
            List<Long> sorted = millis.stream().sorted().toList();
            return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
        }
    }
}
