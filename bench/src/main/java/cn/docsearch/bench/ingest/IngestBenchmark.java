package cn.docsearch.bench.ingest;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.docsearch.infra.CpuAccount;
import cn.docsearch.infra.JfrProfile;
import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.search.dictionary.AnalysisSettings;
import cn.docsearch.search.dictionary.Dictionary;

/**
 * Ingest throughput, side by side in one run: the platform (JSON batches through the gateway, until accepted and
 * until Elasticsearch counts them all) against Elasticsearch's own `_bulk` of the same documents into a scratch index
 * with the platform's mapping; then single POST -> 202 against a single PUT -> 201. Uses poems of npm's
 * chinese-poetry, each made unique, and deletes what it added. Prints figures, asserts nothing.
 * Each phase reports where the cores' time went (CPU seconds per process of the stack), and the platform's phase
 * a JFR profile of its three busiest processes. Arguments: gateway URL, Elasticsearch URL, chinese-poetry folder, the
 * index mapping file, documents, the launcher's state folder (.local).
 */
public final class IngestBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1 on every side: Elasticsearch speaks nothing else, and the JDK client would upgrade the others to h2c. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static String apiKey;
    /** Elasticsearch's security is on: the benchmark logs in as the platform's user. */
    private static String elasticsearchAuthorization;
    private static final int BATCH = 500;
    private static final int CLIENTS = 4;
    private static final int SINGLES = 300;
    private static final String SCRATCH_INDEX = "bench-raw-ingest";
    /** The processes profiled during the platform's phase. */
    private static final List<String> PROFILED = List.of("elasticsearch", "search-service", "ingest-service");

    private IngestBenchmark() {
    }

    /** The platform's mapping with the analyzers it names, as search-service creates an index with no dictionary yet. */
    private static String withAnalysis(String mapping) throws IOException {
        ObjectNode definition = (ObjectNode) JSON.readTree(mapping);
        ((ObjectNode) definition.path("settings").path("index"))
                .set("analysis", AnalysisSettings.of(Dictionary.EMPTY, SCRATCH_INDEX + "-dictionary", JSON));
        return JSON.writeValueAsString(definition);
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String elasticsearch = args[1];
        File poetry = new File(args[2], "quantangshi");
        String mapping = withAnalysis(Files.readString(Path.of(args[3])));
        int documents = Integer.parseInt(args[4]);
        Path localDir = Path.of(args[5]);
        apiKey = LocalPlatform.adminKey(localDir);
        elasticsearchAuthorization = LocalPlatform.elasticsearchAuthorization(localDir);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String[]> poems = poems(poetry, documents, run);
        System.out.printf("%d documents (poems, %.0f characters on average), batches of %d, %d clients at once%n",
                poems.size(), poems.stream().mapToInt(p -> p[1].length()).average().orElse(0), BATCH, CLIENTS);

        // Elasticsearch alone: the same documents, as the platform indexes them (title, body, one passage)
        send("DELETE", elasticsearch + "/" + SCRATCH_INDEX, null);
        send("PUT", elasticsearch + "/" + SCRATCH_INDEX, mapping);
        CpuAccount bulkCpu = new CpuAccount(localDir);
        long started = System.nanoTime();
        inParallel(batches(poems), batch -> {
            StringBuilder bulk = new StringBuilder();
            for (String[] poem : batch) {
                bulk.append(JSON.writeValueAsString(Map.of("index", Map.of("_id", poem[2])))).append('\n')
                        .append(JSON.writeValueAsString(esDocument(poem))).append('\n');
            }
            JsonNode answer = JSON.readTree(send("POST", elasticsearch + "/" + SCRATCH_INDEX + "/_bulk", bulk.toString()));
            if (answer.path("errors").asBoolean()) {
                throw new IllegalStateException("bulk errors: " + answer.toString().substring(0, 500));
            }
        });
        double bulkSeconds = (System.nanoTime() - started) / 1e9;
        send("POST", elasticsearch + "/" + SCRATCH_INDEX + "/_refresh", "");
        double bulkCounted = (System.nanoTime() - started) / 1e9;
        String bulkReport = bulkCpu.report();

        // the platform: accepted (202 only once Kafka has each), then searchable (Elasticsearch counts them)
        long before = count(elasticsearch, "documents");
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        List<JfrProfile> profiles = new ArrayList<>();
        for (String process : PROFILED) {
            profiles.add(JfrProfile.start(localDir, process));
        }
        CpuAccount platformCpu = new CpuAccount(localDir);
        started = System.nanoTime();
        inParallel(batches(poems), batch -> {
            List<Map<String, String>> items = batch.stream().map(p -> Map.of("title", p[0], "content", p[1])).toList();
            JsonNode receipt = JSON.readTree(send("POST", gateway + "/api/v1/documents/batch",
                    JSON.writeValueAsString(Map.of("documents", items))));
            for (JsonNode item : receipt.path("items")) {
                if (!"accepted".equals(item.path("status").asText())) {
                    throw new IllegalStateException("not accepted: " + item);
                }
                ids.add(item.path("id").asText());
            }
        });
        double acceptedSeconds = (System.nanoTime() - started) / 1e9;
        String acceptedReport = platformCpu.report();
        // searchable as a user sees it: without forcing a refresh, which would cost Elasticsearch work of its own
        while (searchableCount(elasticsearch) < before + poems.size()) {
            Thread.sleep(200);
        }
        double searchableSeconds = (System.nanoTime() - started) / 1e9;
        String searchableReport = platformCpu.report();
        System.out.printf("Elasticsearch alone, _bulk until counted:%n%s%n", bulkReport);
        System.out.printf("platform, until accepted:%n%s%n", acceptedReport);
        System.out.printf("platform, until searchable:%n%s%n", searchableReport);
        for (JfrProfile profile : profiles) {
            System.out.println(profile.stopAndSummarise(12));
        }

        System.out.println("| figure | platform | Elasticsearch alone | ratio |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| batch ingest, docs/s (accepted / `_bulk` answered) | %.0f | %.0f | %.2f |%n",
                poems.size() / acceptedSeconds, poems.size() / bulkSeconds, bulkSeconds / acceptedSeconds);
        System.out.printf("| until all are searchable, docs/s | %.0f | %.0f | %.2f |%n",
                poems.size() / searchableSeconds, poems.size() / bulkCounted, bulkCounted / searchableSeconds);

        double[] post = new double[SINGLES];
        double[] put = new double[SINGLES];
        for (int i = 0; i < SINGLES; i++) {
            String[] poem = poems.get(i);
            String content = poem[1] + "单篇" + i;
            long t = System.nanoTime();
            JsonNode receipt = JSON.readTree(send("POST", gateway + "/api/v1/documents",
                    JSON.writeValueAsString(Map.of("title", poem[0], "content", content))));
            post[i] = (System.nanoTime() - t) / 1e6;
            ids.add(receipt.path("id").asText());
            t = System.nanoTime();
            send("PUT", elasticsearch + "/" + SCRATCH_INDEX + "/_doc/single-" + i, JSON.writeValueAsString(esDocument(
                    new String[] {poem[0], content, "single-" + i})));
            put[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(post);
        Arrays.sort(put);
        System.out.printf("| single POST -> 202 / PUT -> 201, p50 | %.1f ms | %.1f ms | %.2f |%n", post[SINGLES / 2],
                put[SINGLES / 2], put[SINGLES / 2] / post[SINGLES / 2]);

        send("DELETE", elasticsearch + "/" + SCRATCH_INDEX, null);
        long deleteStarted = System.nanoTime();
        inParallel(batches(ids.stream().map(id -> new String[] {id}).toList()), batch -> {
            for (String[] id : batch) {
                send("DELETE", gateway + "/api/v1/documents/" + id[0], null);
            }
        });
        System.out.printf("deleted the %d documents again in %.0f s%n", ids.size(), (System.nanoTime() - deleteStarted) / 1e9);
    }

    private static Map<String, Object> esDocument(String[] poem) {
        return Map.of("id", poem[2], "title", poem[0], "body", poem[1], "ingestedAt", Instant.now().toString(),
                "passages", List.of(Map.of("position", 0, "headings", List.of(), "text", poem[1])), "passageCount", 1);
    }

    private interface BatchTask {
        void run(List<String[]> batch) throws Exception;
    }

    private static void inParallel(List<List<String[]>> batches, BatchTask task) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<String[]> batch : batches) {
                done.add(clients.submit(() -> {
                    task.run(batch);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            clients.shutdown();
        }
    }

    private static List<List<String[]>> batches(List<String[]> items) {
        List<List<String[]>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += BATCH) {
            batches.add(items.subList(from, Math.min(items.size(), from + BATCH)));
        }
        return batches;
    }

    private static long searchableCount(String elasticsearch) throws Exception {
        return JSON.readTree(send("GET", elasticsearch + "/documents/_count", null)).path("count").asLong();
    }

    private static long count(String elasticsearch, String index) throws Exception {
        send("POST", elasticsearch + "/" + index + "/_refresh", "");
        return JSON.readTree(send("GET", elasticsearch + "/" + index + "/_count", null)).path("count").asLong();
    }

    private static String send(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                url.endsWith("_bulk") ? "application/x-ndjson" : "application/json");
        if (url.contains("/api/v1/")) {
            request.header(LocalPlatform.API_KEY_HEADER, apiKey);
        } else {
            request.header("Authorization", elasticsearchAuthorization);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
            throw new IllegalStateException(method + " " + url + " -> " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Title, text and a scratch id of each poem; the run's marker makes every text new to the platform. */
    private static List<String[]> poems(File folder, int count, String run) throws Exception {
        List<String[]> poems = new ArrayList<>();
        File[] files = folder.listFiles((dir, name) -> name.endsWith(".json"));
        Arrays.sort(files);
        for (File file : files) {
            for (JsonNode poem : JSON.readTree(file)) {
                StringBuilder body = new StringBuilder();
                poem.path("paragraphs").forEach(line -> body.append(line.asText()).append('\n'));
                body.append("（").append(run).append('-').append(poems.size()).append('）');
                poems.add(new String[] {poem.path("title").asText("無題"), body.toString(), "raw-" + poems.size()});
                if (poems.size() == count) {
                    return poems;
                }
            }
        }
        return poems;
    }
}
