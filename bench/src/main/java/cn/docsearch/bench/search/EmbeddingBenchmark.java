package cn.docsearch.bench.search;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.bench.elasticsearch.ElasticsearchNode;
import cn.docsearch.bench.elasticsearch.ElasticsearchThreads;
import cn.docsearch.infra.CpuAccount;
import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.search.embedding.ChineseEmbeddingModel;
import cn.docsearch.search.passage.Passage;
import cn.docsearch.search.passage.PassageSplitter;

/**
 * Embedding throughput, side by side in one run: the model alone in a loop (1 and 2 threads, as the service runs it)
 * over the passages of the evaluation documents, then the whole pipeline on the running local platform (documents
 * posted to the gateway, until the vectors index counts every one), once end to end while it runs and once
 * as a backlog drained after a restart. Prints figures, asserts nothing.
 * With each figure, where the cores' time went (CPU seconds per process).
 * Then Elasticsearch's CPU per document through the platform against one {@code _bulk} of the same final documents
 * and their vectors.
 * Arguments: gateway URL, search-service URL, number of documents for the pipeline, the local launcher's jar, the
 * launcher's state folder (.local), Elasticsearch's URL, rounds of warm-up.
 */
public final class EmbeddingBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** search-service answers the platform's own services only: the benchmark sends the platform's token. */
    private static String internalToken;
    private static String apiKey;
    private static final int BATCH = 50;
    /** Each post's documents carry a tag of their own, which the vectors index copies: what its count is of. */
    private static final String TAG_PREFIX = "embed-bench-";
    /**
     * Documents through the platform before it is measured, in rounds: on a node started minutes before, a round of
     * 1,000 cost Elasticsearch 15.0, 8.7, 3.7, 2.4 and 1.9 s of compiling in five rounds one after the other, and the
     * `_bulk` it is compared with runs after all of them. The rounds are the benchmark's seventh argument
     * ({@code BENCH_WARM_UP_ROUNDS}, 5 unless given): after 10 rounds a round still cost 0.6-0.9 s of compiling.
     */
    private static final int WARM_UP_ROUND = 1000;
    /** Passages per call when the benchmark itself runs the model, as search-service's stage hands them over. */
    private static final int MODEL_LOAD_BATCH = 48;
    /**
     * How long Elasticsearch's standing cost is sampled, the platform running with nothing to do (after as long again
     * for the warm-up's compiling and collecting to settle): the measured window lasts as long as the model takes
     * (minutes, on 2 shared cores), the `_bulk`'s seconds, and the node's timers, the services' periodic reads and
     * this benchmark's own wait run all along.
     */
    private static final Duration STANDING_SAMPLE = Duration.ofSeconds(30);
    /** Where the final documents are written once, beside the live index. */
    private static final String BULK_SCRATCH_INDEX = "bench-final-documents";
    /** Where their vectors are written once, beside the live vectors index. */
    private static final String BULK_SCRATCH_VECTORS_INDEX = BULK_SCRATCH_INDEX + "-vectors";
    /** The live documents and their passage vectors, as search-service's aliases name them. */
    private static final String LIVE_INDEX = "documents";
    private static final String LIVE_VECTORS_INDEX = LIVE_INDEX + "-vectors";

    private EmbeddingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String searchService = args[1];
        int documents = Integer.parseInt(args[2]);
        String launcher = args[3];
        Path localDir = Path.of(args[4]);
        int warmUpRounds = Integer.parseInt(args[6]);
        internalToken = LocalPlatform.internalToken(localDir);
        apiKey = LocalPlatform.adminKey(localDir);
        List<JsonNode> corpus = new ArrayList<>();
        try (InputStream in = EmbeddingBenchmark.class.getResourceAsStream("/evaluation/documents.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    corpus.add(JSON.readTree(line));
                }
            }
        }
        List<String> passages = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            for (Passage passage : PassageSplitter.split(sections(corpus.get(i % corpus.size())), null)) {
                passages.add(passage.text());
            }
        }
        System.out.printf("%d documents, %d passages, %.0f characters per passage on average%n", documents,
                passages.size(), passages.stream().mapToInt(String::length).average().orElse(0));

        double alone = 0;
        for (int threads : new int[] {1, 2}) {
            ChineseEmbeddingModel model = new ChineseEmbeddingModel(threads, 1);
            model.embed(passages.subList(0, Math.min(32, passages.size())));
            CpuAccount cpu = new CpuAccount(localDir);
            long started = System.nanoTime();
            for (int from = 0; from < passages.size(); from += MODEL_LOAD_BATCH) {
                model.embed(passages.subList(from, Math.min(passages.size(), from + MODEL_LOAD_BATCH)));
            }
            double perSecond = passages.size() / ((System.nanoTime() - started) / 1e9);
            System.out.printf("model alone, %d thread(s): %.1f passages/s%n%s%n", threads, perSecond, cpu.report());
            alone = perSecond;
            model.close();
        }

        // the platform's processes compiled hot first, Elasticsearch's above all: on a platform just started, its
        // first thousands of writes cost it seconds of compiling that a measured phase would count
        ElasticsearchNode elasticsearch = new ElasticsearchNode(args[5], LocalPlatform.elasticsearchAuthorization(localDir));
        List<String> warmUpIds = new ArrayList<>();
        for (int round = 1; round <= warmUpRounds; round++) {
            ElasticsearchThreads roundThreads = new ElasticsearchThreads(localDir);
            Posted warmUp = post(gateway, corpus, WARM_UP_ROUND);
            awaitEmbedded(elasticsearch, warmUp);
            // the merges the warm-up set off are not the measured phase's
            elasticsearch.awaitMergesDone();
            warmUpIds.addAll(warmUp.ids());
            ElasticsearchThreads.Account account = roundThreads.since();
            System.out.printf("warm-up round %d (%d documents): Elasticsearch %.1f s of CPU, %.1f s of it compiling%n",
                    round, WARM_UP_ROUND, account.seconds(), account.seconds() - account.secondsWithoutCompiler());
        }

        Map<String, String> scratchOf = new LinkedHashMap<>();
        scratchOf.put(LIVE_INDEX, BULK_SCRATCH_INDEX);
        scratchOf.put(LIVE_VECTORS_INDEX, BULK_SCRATCH_VECTORS_INDEX);
        try {
            fillScratchIndexes(elasticsearch, scratchOf, warmUpIds, localDir);
            measure(gateway, searchService, corpus, passages, documents, launcher, localDir, elasticsearch, scratchOf,
                    alone);
        } finally {
            try {
                elasticsearch.call("DELETE", "/" + String.join(",", scratchOf.values()) + "?ignore_unavailable=true", null);
            } finally {
                // only now: deleted earlier, they would be events of the backlog it measures
                delete(gateway, warmUpIds);
            }
        }
    }

    /**
     * Makes the scratch indexes like the live ones and writes the warm-up's documents into them with {@code _bulk},
     * as they ended up in the live indexes, up to their merges: the measured {@code _bulk} then writes into indexes
     * of the size the platform writes into (graphs, segments and merges grow with it), and its own path has been
     * compiled on as many documents as the platform's.
     */
    private static void fillScratchIndexes(ElasticsearchNode elasticsearch, Map<String, String> scratchOf,
                                           List<String> warmUpIds, Path localDir) throws Exception {
        for (Map.Entry<String, String> scratch : scratchOf.entrySet()) {
            elasticsearch.createLike(scratch.getValue(), scratch.getKey());
        }
        ElasticsearchThreads threads = new ElasticsearchThreads(localDir);
        // a round at a time: the bodies of 1,000 documents with their vectors hold tens of megabytes
        for (int from = 0; from < warmUpIds.size(); from += WARM_UP_ROUND) {
            elasticsearch.writeAndSettle(elasticsearch.finalDocumentBulks(
                    warmUpIds.subList(from, Math.min(warmUpIds.size(), from + WARM_UP_ROUND)), BATCH, scratchOf),
                    scratchOf.values());
        }
        // flushed now, not by the node once they have been idle for five minutes, inside a measured window
        elasticsearch.call("POST", "/" + String.join(",", scratchOf.values()) + "/_flush", "");
        ElasticsearchThreads.Account account = threads.since();
        System.out.printf("scratch indexes filled with the warm-up's %d documents by _bulk: Elasticsearch %.1f s of CPU,"
                + " %.1f s of it compiling (reads of the live indexes included)%n", warmUpIds.size(), account.seconds(),
                account.seconds() - account.secondsWithoutCompiler());
        // the same size only if the live indexes hold nothing else of note, as on a platform started empty
        for (Map.Entry<String, String> scratch : scratchOf.entrySet()) {
            System.out.printf("  %s holds %d documents, %s %d%n", scratch.getKey(), elasticsearch.count(scratch.getKey()),
                    scratch.getValue(), elasticsearch.count(scratch.getValue()));
        }
    }

    /** The standing cost, then the pipeline end to end against the _bulk, then the backlog, on a warm platform. */
    private static void measure(String gateway, String searchService, List<JsonNode> corpus, List<String> passages,
                                int documents, String launcher, Path localDir, ElasticsearchNode elasticsearch,
                                Map<String, String> scratchOf, double alone)
            throws Exception {
        Thread.sleep(STANDING_SAMPLE.toMillis());
        Map<String, Long> idleActivity = elasticsearch.activity();
        ElasticsearchThreads idleThreads = new ElasticsearchThreads(localDir);
        String countQuery = embeddedCountQuery(TAG_PREFIX + "standing");
        for (long end = System.nanoTime() + STANDING_SAMPLE.toNanos(); System.nanoTime() < end; ) {
            // the benchmark's own wait, as in the measured window: one count a second
            embeddedCount(elasticsearch, countQuery);
            Thread.sleep(Duration.ofSeconds(1).toMillis());
        }
        ElasticsearchThreads.Account standing = idleThreads.since();
        System.out.printf("Elasticsearch's standing cost, the platform idle for %.0f s (but for one count a second): %.1f ms"
                        + " of CPU per second%n%s%n%s%n", standing.wallSeconds(), standing.perSecond() * 1000,
                standing.report(), elasticsearch.activitySince(idleActivity));

        // end to end: posted while search-service runs, so ingest, Kafka and keyword indexing share the cores
        Map<String, Long> activity = elasticsearch.activity();
        ElasticsearchThreads threads = new ElasticsearchThreads(localDir);
        CpuAccount cpu = new CpuAccount(localDir);
        Instant started = Instant.now();
        Posted posted = post(gateway, corpus, documents);
        awaitEmbedded(elasticsearch, posted);
        List<String> ids = posted.ids();
        // both sides counted until their merges are done: a _bulk's last refresh leaves merges to run as well
        elasticsearch.awaitMergesDone();
        ElasticsearchThreads.Account platformWrites = threads.since();
        String report = cpu.report() + "\n" + platformWrites.report() + "\n" + elasticsearch.activitySince(activity);
        double endToEnd = passagesPerSecond(searchService, ids, started);
        System.out.printf("pipeline, end to end (batch POSTs while it runs, to every document embedded): %.1f passages/s"
                + " = %.2f of the model alone%n%s%n", endToEnd, endToEnd / alone, report);
        ElasticsearchThreads.Account bulkWrites = bulkOfFinalDocuments(elasticsearch, ids, scratchOf, localDir, "");
        // the same writes again, as new documents, with the model embedding on both cores beside them as it does in
        // the platform's window: on two shared cores the same work costs Elasticsearch more CPU time then
        ElasticsearchThreads.Account bulkBesideModel;
        try (ModelLoad load = new ModelLoad(passages)) {
            bulkBesideModel = bulkOfFinalDocuments(elasticsearch, ids, scratchOf, localDir, "-beside-the-model");
            System.out.printf("the model beside it: %.1f passages/s%n", load.passagesPerSecond());
        }
        double platformAbove = platformWrites.secondsAbove(standing.perSecond());
        double bulkAbove = bulkWrites.secondsAbove(standing.perSecond());
        System.out.printf("Elasticsearch CPU per document: %.1f ms through the platform (the document written once and"
                        + " its vectors once, refreshes, the stages' reads), %.1f ms for one _bulk of the same final documents"
                        + " and vectors = %.2f; without its JIT compiler %.1f / %.1f ms = %.2f; above the standing cost"
                        + " (%.1f / %.1f s of window) %.1f / %.1f ms = %s%n",
                platformWrites.seconds() * 1000 / ids.size(), bulkWrites.seconds() * 1000 / ids.size(),
                platformWrites.seconds() / bulkWrites.seconds(),
                platformWrites.secondsWithoutCompiler() * 1000 / ids.size(),
                bulkWrites.secondsWithoutCompiler() * 1000 / ids.size(),
                platformWrites.secondsWithoutCompiler() / bulkWrites.secondsWithoutCompiler(),
                platformWrites.wallSeconds(), bulkWrites.wallSeconds(), platformAbove * 1000 / ids.size(),
                bulkAbove * 1000 / ids.size(),
                bulkAbove > 0 ? String.format("%.2f", platformAbove / bulkAbove) : "no ratio (the _bulk's is not above it)");
        double besideAbove = bulkBesideModel.secondsAbove(standing.perSecond());
        System.out.printf("Against the same _bulk with the model embedding beside it, as in the platform's window: %.1f ms"
                        + " = %.2f; without the JIT compiler %.1f ms = %.2f; above the standing cost %.1f ms = %.2f"
                        + " (the _bulk beside the model / alone: %.2f, without the compiler %.2f, above the standing"
                        + " cost %.2f)%n", bulkBesideModel.seconds() * 1000 / ids.size(),
                platformWrites.seconds() / bulkBesideModel.seconds(),
                bulkBesideModel.secondsWithoutCompiler() * 1000 / ids.size(),
                platformWrites.secondsWithoutCompiler() / bulkBesideModel.secondsWithoutCompiler(),
                besideAbove * 1000 / ids.size(), platformAbove / besideAbove,
                bulkBesideModel.seconds() / bulkWrites.seconds(),
                bulkBesideModel.secondsWithoutCompiler() / bulkWrites.secondsWithoutCompiler(), besideAbove / bulkAbove);
        delete(gateway, ids);

        // backlog: the documents wait in Kafka while search-service is stopped, as after an outage or a bulk load;
        // the embedding stage then drains them with the cores to itself
        run(launcher, "down", "search");
        posted = post(gateway, corpus, documents);
        ids = posted.ids();
        long restarted = System.nanoTime();
        run(launcher, "up", "search");
        System.out.printf("search-service restarted (model loaded, ready) in %.1f s%n", (System.nanoTime() - restarted) / 1e9);
        cpu = new CpuAccount(localDir);
        started = Instant.now();
        awaitEmbedded(elasticsearch, posted);
        double backlog = passagesPerSecond(searchService, ids, started);
        System.out.printf("pipeline, backlog (ready to every document embedded): %.1f passages/s = %.2f of the model alone%n%s%n",
                backlog, backlog / alone, cpu.report());
        delete(gateway, ids);
    }

    /**
     * The model embedding the benchmark's passages on two threads, over and over, until closed; its session is made and
     * run once before, so the load is steady from the start. A failure of the load fails the benchmark at close.
     */
    private static final class ModelLoad implements AutoCloseable {
        private final ChineseEmbeddingModel model = new ChineseEmbeddingModel(2, 1);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong embedded = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final long started;
        private final Thread loop;

        ModelLoad(List<String> passages) throws Exception {
            if (passages.isEmpty()) {
                throw new IllegalArgumentException("No passages to embed");
            }
            model.embed(passages.subList(0, Math.min(MODEL_LOAD_BATCH, passages.size())));
            started = System.nanoTime();
            loop = new Thread(() -> {
                try {
                    for (int from = 0; running.get(); from = (from + MODEL_LOAD_BATCH) % passages.size()) {
                        embedded.addAndGet(model.embed(passages.subList(from,
                                Math.min(passages.size(), from + MODEL_LOAD_BATCH))).size());
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "model-load");
            loop.start();
        }

        double passagesPerSecond() {
            return embedded.get() / ((System.nanoTime() - started) / 1e9);
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            loop.join();
            model.close();
            if (failure.get() != null) {
                throw new IllegalStateException("The model's load failed, so the _bulk beside it was not", failure.get());
            }
        }
    }

    /** Documents posted together: their ids, and the tag they all carry. */
    private record Posted(List<String> ids, String tag) {
    }

    /** Posts the documents (the corpus over and over, each made unique, tagged with the run) in JSON batches. */
    private static Posted post(String gateway, List<JsonNode> corpus, int documents) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        String tag = TAG_PREFIX + run;
        for (int from = 0; from < documents; from += BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(documents, from + BATCH); i++) {
                JsonNode document = corpus.get(i % corpus.size());
                StringBuilder content = new StringBuilder();
                for (JsonNode section : document.get("sections")) {
                    section.get("headings").forEach(h -> content.append(h.asText()).append('\n'));
                    section.get("paragraphs").forEach(p -> content.append(p.asText()).append('\n'));
                }
                content.append("基准测试").append(run).append('-').append(i).append('。');
                batch.add(Map.of("title", document.get("title").asText(), "content", content.toString(), "tags", List.of(tag)));
            }
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/documents/batch"))
                    .header("Content-Type", "application/json").header(LocalPlatform.API_KEY_HEADER, apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("documents", batch)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The batch was refused: " + response.statusCode() + " " + response.body());
            }
            for (JsonNode item : JSON.readTree(response.body()).get("items")) {
                if (!"accepted".equals(item.path("status").asText())) {
                    throw new IllegalStateException("Not accepted: " + item);
                }
                ids.add(item.get("id").asText());
            }
        }
        return new Posted(ids, tag);
    }

    /**
     * Waits until the live vectors index counts every one of these documents (by their run's tag): one count a second,
     * as searches see them. Polling each document's status instead (3 reads and 2 counts of Elasticsearch's each) cost
     * Elasticsearch 10,000 requests in a 3,000-document window, charged to the platform's writes.
     */
    private static void awaitEmbedded(ElasticsearchNode elasticsearch, Posted posted) throws Exception {
        String query = embeddedCountQuery(posted.tag());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (embeddedCount(elasticsearch, query) < posted.ids().size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not every document was embedded after 30 minutes");
            }
            Thread.sleep(Duration.ofSeconds(1).toMillis());
        }
    }

    private static String embeddedCountQuery(String tag) throws Exception {
        return JSON.writeValueAsString(Map.of("query", Map.of("term", Map.of("tags", tag))));
    }

    /** The live vectors index's documents the count query matches. */
    private static long embeddedCount(ElasticsearchNode elasticsearch, String query) throws Exception {
        return JSON.readTree(elasticsearch.call("POST", "/" + LIVE_VECTORS_INDEX + "/_count", query)).path("count").asLong();
    }

    /**
     * The embedded documents' passages per second from the start to the last one's embeddedAt (so polling slowly costs
     * no accuracy).
     */
    private static double passagesPerSecond(String searchService, List<String> ids, Instant started) throws Exception {
        Instant lastEmbedded = started;
        int passages = 0;
        for (String id : ids) {
            JsonNode document = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(searchService + "/documents/" + id))
                    .header(LocalPlatform.INTERNAL_TOKEN_HEADER, internalToken)
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            passages += document.path("passageCount").asInt();
            Instant embeddedAt = Instant.parse(document.path("embeddedAt").asText());
            lastEmbedded = embeddedAt.isAfter(lastEmbedded) ? embeddedAt : lastEmbedded;
        }
        return passages / (Duration.between(started, lastEmbedded).toMillis() / 1e3);
    }

    /**
     * Writes the documents as they ended up in the live indexes once, with {@code _bulk}: each text document (words
     * and passages) into the scratch index made like the live documents index, and its vectors document into the one
     * made like the live vectors index, both holding the warm-up's documents as the live ones do, up to a refresh of
     * both and the merges it sets off; returns Elasticsearch's CPU for it: the floor the platform's writes are
     * measured against (issue 28).
     */
    private static ElasticsearchThreads.Account bulkOfFinalDocuments(ElasticsearchNode elasticsearch, List<String> ids,
                                                                     Map<String, String> scratchOf, Path localDir,
                                                                     String idSuffix)
            throws Exception {
        List<String> bulks = elasticsearch.finalDocumentBulks(ids, BATCH, scratchOf, idSuffix);
        Map<String, Long> activity = elasticsearch.activity();
        ElasticsearchThreads threads = new ElasticsearchThreads(localDir);
        CpuAccount cpu = new CpuAccount(localDir);
        elasticsearch.writeAndSettle(bulks, scratchOf.values());
        ElasticsearchThreads.Account account = threads.since();
        System.out.printf("one _bulk of the %d final documents and their vectors into the scratch indexes%s:%n%s%n%s%n%s%n",
                ids.size(), idSuffix.isEmpty() ? "" : " (ids ending " + idSuffix + ")", cpu.report(), account.report(),
                elasticsearch.activitySince(activity));
        return account;
    }

    private static void delete(String gateway, List<String> ids) throws Exception {
        for (String id : ids) {
            HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/documents/" + id))
                            .header(LocalPlatform.API_KEY_HEADER, apiKey).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    /** Runs the local launcher (java -jar local-infra.jar ...), for example to stop or start search-service. */
    private static void run(String launcher, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", launcher));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("Failed: " + line);
        }
    }

    private static List<PassageSplitter.Section> sections(JsonNode document) {
        List<PassageSplitter.Section> sections = new ArrayList<>();
        for (JsonNode section : document.get("sections")) {
            List<String> headings = new ArrayList<>();
            section.get("headings").forEach(h -> headings.add(h.asText()));
            List<String> paragraphs = new ArrayList<>();
            section.get("paragraphs").forEach(p -> paragraphs.add(p.asText()));
            sections.add(new PassageSplitter.Section(headings, paragraphs));
        }
        return sections;
    }
}
