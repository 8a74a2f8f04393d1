package cn.docsearch.bench.ingest;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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

import cn.docsearch.bench.elasticsearch.ElasticsearchNode;
import cn.docsearch.bench.elasticsearch.ElasticsearchThreads;
import cn.docsearch.infra.CpuAccount;
import cn.docsearch.infra.JfrProfile;
import cn.docsearch.infra.LocalPlatform;

/**
 * Ingest throughput, side by side in one run: the platform (JSON batches through the gateway, until accepted and
 * until Elasticsearch counts them all, while the embedding stage embeds them) against Elasticsearch's own `_bulk` of
 * the same final documents (read back from the live index) into a scratch index made like the live one; then single
 * POST -> 202 against a single PUT -> 201 of such a document. Uses poems of npm's chinese-poetry, each made unique,
 * and deletes what it added. Prints figures, asserts nothing.
 * Each phase reports where the cores' time went (CPU seconds per process of the stack, Elasticsearch's CPU by kind of
 * work and its node stats, for the node and per index), and, with {@code BENCH_PROFILE=1}, the platform's phase a JFR
 * profile of its three busiest processes (which slows them: the figures of such a run are not comparable). Arguments:
 * gateway URL, Elasticsearch URL, chinese-poetry folder, documents, the launcher's state folder (.local).
 */
public final class IngestBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1 on every side: Elasticsearch speaks nothing else, and the JDK client would upgrade the others to h2c. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static String apiKey;
    private static final int BATCH = 500;
    private static final int CLIENTS = 4;
    private static final int SINGLES = 300;
    /** Where the platform's final documents are written once with _bulk, beside the live index. */
    private static final String SCRATCH_INDEX = "bench-raw-ingest";
    /** The live documents, as search-service's alias names them. */
    private static final String LIVE_INDEX = "documents";
    /** The processes profiled during the platform's phase. */
    private static final List<String> PROFILED = List.of("elasticsearch", "search-service", "ingest-service");

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        File poetry = new File(args[2], "quantangshi");
        int documents = Integer.parseInt(args[3]);
        Path localDir = Path.of(args[4]);
        apiKey = LocalPlatform.adminKey(localDir);
        ElasticsearchNode elasticsearch = new ElasticsearchNode(args[1], LocalPlatform.elasticsearchAuthorization(localDir));
        String run = UUID.randomUUID().toString().substring(0, 8);
        // a round as large as the measured one first, unmeasured, so that the platform's code runs compiled, as on a
        // platform that has run a while: after 4,000 documents, Elasticsearch's JIT compiler still took 12.8 of its
        // 36.5 s of CPU in the next 20,000
        int warmUp = documents;
        List<String[]> all = poems(poetry, documents + warmUp, run);
        List<String[]> poems = all.subList(warmUp, all.size());
        System.out.printf("%d documents (poems, %.0f characters on average), batches of %d, %d clients at once%n",
                poems.size(), poems.stream().mapToInt(p -> p[1].length()).average().orElse(0), BATCH, CLIENTS);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());

        long before = searchableCount(elasticsearch);
        submit(gateway, all.subList(0, warmUp), ids);
        while (searchableCount(elasticsearch) < before + warmUp) {
            Thread.sleep(200);
        }
        awaitEmbeddingDone(gateway);
        // the merges the warm-up set off are not the measured round's
        elasticsearch.awaitMergesDone();

        // the platform: accepted (202 only once Kafka has each), then searchable (Elasticsearch counts them)
        before = searchableCount(elasticsearch);
        // JFR's profile settings cost the processes they watch (20,000 poems accepted in 14.6-16.5 s profiled, 7.5-8.0 s
        // not), so a profiled run is for reading where time goes, not for its figures
        List<JfrProfile> profiles = new ArrayList<>();
        if ("1".equals(System.getenv("BENCH_PROFILE"))) {
            for (String process : PROFILED) {
                profiles.add(JfrProfile.start(localDir, process));
            }
        }
        Map<String, Long> platformActivity = elasticsearch.activity();
        ElasticsearchThreads platformThreads = new ElasticsearchThreads(localDir);
        CpuAccount platformCpu = new CpuAccount(localDir);
        long started = System.nanoTime();
        List<String> measured = submit(gateway, poems, ids);
        double acceptedSeconds = (System.nanoTime() - started) / 1e9;
        String acceptedReport = platformCpu.report();
        // searchable as a user sees it: without forcing a refresh, which would cost Elasticsearch work of its own
        while (searchableCount(elasticsearch) < before + poems.size()) {
            Thread.sleep(200);
        }
        double searchableSeconds = (System.nanoTime() - started) / 1e9;
        ElasticsearchThreads.Account platformElasticsearch = platformThreads.since();
        String searchableReport = platformCpu.report() + "\n" + platformElasticsearch.report() + "\n"
                + elasticsearch.activitySince(platformActivity);
        System.out.printf("platform, until accepted:%n%s%n", acceptedReport);
        System.out.printf("platform, until searchable:%n%s%n", searchableReport);
        for (JfrProfile profile : profiles) {
            System.out.println(profile.stopAndSummarise(12));
        }

        // Elasticsearch alone: the same final documents (as the platform indexed them: words, passages, suggestion
        // inputs), read back and written once with _bulk into a scratch index made like the live one, once the
        // embedding stage is done, so that the cores are Elasticsearch's as they were the platform's
        long settling = System.nanoTime();
        awaitEmbeddingDone(gateway);
        System.out.printf("embedding backlog done %.0f s after the platform's documents were searchable%n",
                (System.nanoTime() - settling) / 1e9);
        elasticsearch.createLike(SCRATCH_INDEX, LIVE_INDEX);
        List<String> bulks = elasticsearch.finalDocumentBulks(measured, BATCH, Map.of(LIVE_INDEX, SCRATCH_INDEX));
        // the merges the embedding backlog set off are the platform's: the _bulk's window starts once they are done
        elasticsearch.awaitMergesDone();
        Map<String, Long> bulkActivity = elasticsearch.activity();
        ElasticsearchThreads bulkThreads = new ElasticsearchThreads(localDir);
        CpuAccount bulkCpu = new CpuAccount(localDir);
        started = System.nanoTime();
        inParallel(bulks, elasticsearch::bulk);
        double bulkSeconds = (System.nanoTime() - started) / 1e9;
        elasticsearch.call("POST", "/" + SCRATCH_INDEX + "/_refresh", "");
        double bulkCounted = (System.nanoTime() - started) / 1e9;
        ElasticsearchThreads.Account bulkElasticsearch = bulkThreads.since();
        System.out.printf("Elasticsearch alone, _bulk of the same final documents until counted:%n%s%n%s%n%s%n",
                bulkCpu.report(), bulkElasticsearch.report(), elasticsearch.activitySince(bulkActivity));

        System.out.println("| figure | platform | Elasticsearch alone | ratio |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| batch ingest, docs/s (accepted / `_bulk` answered) | %.0f | %.0f | %.2f |%n",
                poems.size() / acceptedSeconds, poems.size() / bulkSeconds, bulkSeconds / acceptedSeconds);
        System.out.printf("| until all are searchable, docs/s | %.0f | %.0f | %.2f |%n",
                poems.size() / searchableSeconds, poems.size() / bulkCounted, bulkCounted / searchableSeconds);
        // what sets the ratio when Elasticsearch has cores of its own (issue 28): its work per document, on the
        // platform's side with whatever vectors the embedding stage wrote meanwhile (it yields to the keyword stage)
        System.out.printf("| Elasticsearch CPU per document until searchable, ms | %.2f | %.2f | %.2f |%n",
                platformElasticsearch.seconds() * 1000 / poems.size(), bulkElasticsearch.seconds() * 1000 / poems.size(),
                platformElasticsearch.seconds() / bulkElasticsearch.seconds());
        System.out.printf("| the same without Elasticsearch's JIT compiler, ms | %.2f | %.2f | %.2f |%n",
                platformElasticsearch.secondsWithoutCompiler() * 1000 / poems.size(),
                bulkElasticsearch.secondsWithoutCompiler() * 1000 / poems.size(),
                platformElasticsearch.secondsWithoutCompiler() / bulkElasticsearch.secondsWithoutCompiler());

        // one at a time: a POST of a poem through the platform against a PUT of a final document like it became
        List<String[]> finalDocuments = finalDocuments(elasticsearch,
                measured.subList(0, Math.min(SINGLES, measured.size())));
        int singles = finalDocuments.size();
        double[] post = new double[singles];
        double[] put = new double[singles];
        for (int i = 0; i < singles; i++) {
            String[] poem = poems.get(i);
            String content = poem[1] + "单篇" + i;
            long t = System.nanoTime();
            JsonNode receipt = JSON.readTree(gateway(gateway, "POST", "/api/v1/documents",
                    JSON.writeValueAsString(Map.of("title", poem[0], "content", content))));
            post[i] = (System.nanoTime() - t) / 1e6;
            ids.add(receipt.path("id").asText());
            t = System.nanoTime();
            elasticsearch.call("PUT", "/" + SCRATCH_INDEX + "/_doc/single-" + i, finalDocuments.get(i)[1]);
            put[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(post);
        Arrays.sort(put);
        System.out.printf("| single POST -> 202 / PUT -> 201, p50 | %.1f ms | %.1f ms | %.2f |%n", post[singles / 2],
                put[singles / 2], put[singles / 2] / post[singles / 2]);

        elasticsearch.call("DELETE", "/" + SCRATCH_INDEX, null);
        long deleteStarted = System.nanoTime();
        inParallel(batches(ids), batch -> {
            for (String id : batch) {
                gateway(gateway, "DELETE", "/api/v1/documents/" + id, null);
            }
        });
        System.out.printf("deleted the %d documents again in %.0f s%n", ids.size(), (System.nanoTime() - deleteStarted) / 1e9);
    }

    /** Sends the poems through the gateway in JSON batches, by several clients; adds their ids to all ids, and returns them. */
    private static List<String> submit(String gateway, List<String[]> poems, List<String> allIds) throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        inParallel(batches(poems), batch -> {
            List<Map<String, String>> items = batch.stream().map(p -> Map.of("title", p[0], "content", p[1])).toList();
            JsonNode receipt = JSON.readTree(gateway(gateway, "POST", "/api/v1/documents/batch",
                    JSON.writeValueAsString(Map.of("documents", items))));
            for (JsonNode item : receipt.path("items")) {
                if (!"accepted".equals(item.path("status").asText())) {
                    throw new IllegalStateException("not accepted: " + item);
                }
                ids.add(item.path("id").asText());
            }
        });
        allIds.addAll(ids);
        return ids;
    }

    /** Id and source of each document as the live index holds it. */
    private static List<String[]> finalDocuments(ElasticsearchNode elasticsearch, List<String> ids) throws Exception {
        List<String[]> found = new ArrayList<>();
        for (JsonNode hit : elasticsearch.hits(LIVE_INDEX, ids)) {
            found.add(new String[] {hit.get("_id").asText(), JSON.writeValueAsString(hit.get("_source"))});
        }
        return found;
    }

    /** Waits until the embedding stage has nothing left to embed (admin stats). */
    private static void awaitEmbeddingDone(String gateway) throws Exception {
        while (true) {
            JsonNode lag = JSON.readTree(gateway(gateway, "GET", "/api/v1/admin/stats", null)).path("lag");
            if (lag.path("embedding").asLong(-1) == 0 && lag.path("awaitingEmbedding").asLong(-1) == 0) {
                return;
            }
            Thread.sleep(1_000);
        }
    }

    private interface Task<T> {
        void run(T item) throws Exception;
    }

    /** Runs the task on every item, {@value #CLIENTS} at once; returns when all are done, failing if one failed. */
    private static <T> void inParallel(List<T> items, Task<T> task) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (T item : items) {
                done.add(clients.submit(() -> {
                    task.run(item);
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

    private static <T> List<List<T>> batches(List<T> items) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += BATCH) {
            batches.add(items.subList(from, Math.min(items.size(), from + BATCH)));
        }
        return batches;
    }

    private static long searchableCount(ElasticsearchNode elasticsearch) throws Exception {
        return JSON.readTree(elasticsearch.call("GET", "/" + LIVE_INDEX + "/_count", null)).path("count").asLong();
    }

    private static String gateway(String gateway, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Content-Type", "application/json").header(LocalPlatform.API_KEY_HEADER, apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
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
