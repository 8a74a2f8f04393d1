package cn.docsearch.bench.search;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.CpuAccount;
import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.search.embedding.ChineseEmbeddingModel;
import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.TextFingerprint;
import cn.docsearch.search.query.SearchFilters;
import cn.docsearch.search.query.SearchPage;
import cn.docsearch.search.query.SearchRequests;
import cn.docsearch.search.query.SearchSort;
import cn.docsearch.search.query.UserQuery;
import cn.docsearch.search.suggest.SuggestionInputs;

/**
 * Search latency at scale, per mode, through the gateway and directly against Elasticsearch with the very requests
 * search-service sends ({@link DirectSearch}). Loads poems of npm's chinese-poetry (one passage each) into the local
 * platform's documents index, and their vectors into its vectors index as the embedding stage writes them (one
 * document per poem, under the same id and version): real-model vectors of a 500-poem sample plus small noise
 * (embedding 100k passages here would take over an hour). Force-merges both indexes, warms the services up under
 * load until their rate is steady (on two shared cores a freshly started service was still compiling after several thousand requests), runs distinct queries (so the query-embedding cache never
 * hits), then deletes what it loaded. Beside the platform it measures a floor: the same requests sent to
 * Elasticsearch through two {@link BareRelay}s, JVMs that do nothing but pass requests on, as the gateway and
 * search-service are two hops in front of Elasticsearch.
 * Prints figures, asserts nothing. Arguments: Elasticsearch URL, gateway URL, chinese-poetry folder, documents.
 */
public final class SearchBenchmark {
    static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1 on every side: Elasticsearch speaks nothing else, and the JDK client would upgrade the others to h2c. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String INDEX = "documents";
    /** The live documents' passage vectors, one document per document id beside it (search-service's vectors alias). */
    static final String VECTORS_INDEX = INDEX + "-vectors";
    static final String SEARCH = "/" + INDEX + "/_search";
    static final int REQUESTS = 200;
    private static final int WARM_UP = 1500;
    private static final int CLIENTS = 8;
    private static final int ROUNDS = 3;
    private static final int WARM_UP_ROUND = 800;
    private static final int MAX_WARM_UP_ROUNDS = 12;
    private static final int STEADY_PERCENT = 5;
    /** search-service answers the platform's own services only: the benchmark sends the platform's token. */
    static String internalToken;
    static String apiKey;
    /** Elasticsearch's security is on: the benchmark logs in as the platform's user. */
    static String elasticsearchAuthorization;
    private static final int THROUGHPUT_QUERIES = 1600;
    /** The tags the benchmark's poems carry, one each, to filter and count by. */
    static final String[] TAGS = {"唐诗", "五言", "七言", "边塞", "送别"};
    private static final String[] WORDS = {"春風", "明月", "故鄉", "楊柳", "江南", "秋夜", "離別", "邊塞", "山水", "歸來", "黃河",
        "白雲", "落花", "流水", "孤舟", "長安", "思念", "將軍", "烽火", "青山", "水質安全", "鄉村振興", "就業服務", "安全生產",
        "防汛抗旱", "養老服務", "垃圾分類", "營商環境", "耕地保護", "食品安全"};

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String elasticsearch = args[0];
        String gateway = args[1];
        String searchService = args[5];
        internalToken = LocalPlatform.internalToken(Path.of(args[6]));
        apiKey = LocalPlatform.adminKey(Path.of(args[6]));
        elasticsearchAuthorization = LocalPlatform.elasticsearchAuthorization(Path.of(args[6]));
        File poetry = new File(args[2], "quantangshi");
        int documents = Integer.parseInt(args[3]);
        boolean keep = Boolean.parseBoolean(args[4]);
        List<String[]> poems = poems(poetry, documents);
        ChineseEmbeddingModel model = new ChineseEmbeddingModel(2, 1);
        if (loaded(elasticsearch, poems.size())) {
            System.out.printf("%d documents kept by an earlier run (BENCH_KEEP=true): not loaded again%n", poems.size());
        } else {
            List<float[]> sample = model.embed(poems.subList(0, 500).stream().map(p -> p[1]).toList());
            long loadStarted = System.nanoTime();
            load(elasticsearch, poems, sample);
            System.out.printf("loaded %d documents (one passage each) in %.0f s%n", poems.size(), (System.nanoTime() - loadStarted) / 1e9);
            // settled indexes, as after a night of merges: a fresh bulk load leaves tens of segments, each with its
            // own HNSW graph to search (in the vectors index) and its own terms (in the documents index), and merges
            // running in the background
            long mergeStarted = System.nanoTime();
            post(elasticsearch + "/" + INDEX + "," + VECTORS_INDEX + "/_forcemerge?max_num_segments=1", "");
            System.out.printf("force-merged both indexes to one segment in %.0f s%n", (System.nanoTime() - mergeStarted) / 1e9);
        }

        if (args.length > 7 && args[7].equals("features")) {
            SearchFeatures.measure(elasticsearch, gateway, poems, model);
            model.close();
            if (!keep) {
                delete(elasticsearch, poems.size());
            }
            return;
        }
        // distinct two-word queries to measure (so no cache has seen them), distinct three-word ones to warm up: freshly started services run their first thousand requests or so before the JIT has compiled them
        List<String> queries = distinctQueries(poems, 2, 12 * REQUESTS);
        List<String> warmUp = distinctQueries(poems, 3, WARM_UP);
        long embedStarted = System.nanoTime();
        for (String query : queries.subList(0, 100)) {
            model.embed(List.of(query));
        }
        System.out.printf("query embedding alone: %.1f ms per query%n", (System.nanoTime() - embedStarted) / 1e6 / 100);

        List<String> modes = List.of("keyword", "semantic", "hybrid");
        Path localDir = Path.of(args[6]);
        try (BareRelay.Chain relays = BareRelay.chainOfTwo(URI.create(elasticsearch), localDir)) {
            Side sides = new Side(elasticsearch, gateway, searchService, relays.entry().toString(), model);
            warmUnderLoad(sides, poems, modes);
            for (int i = 0; i < warmUp.size(); i++) {
                sides.time(modes.get(i % modes.size()), warmUp.get(i), warmUp.get(warmUp.size() - 1 - i),
                        warmUp.get((i + warmUp.size() / 2) % warmUp.size()), warmUp.get((i + warmUp.size() / 4) % warmUp.size()));
            }
            System.out.printf("warmed up with %d queries, then %d per mode measured%n", warmUp.size(), REQUESTS);
            System.out.println("| mode | gateway p50 / p99 | search-service p50 / p99 | Elasticsearch p50 / p99 "
                    + "| Elasticsearch through two bare relays p50 / p99 | gateway / Elasticsearch p50 | bare relays / Elasticsearch p50 |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int m = 0; m < modes.size(); m++) {
                double[][] times = new double[4][REQUESTS];
                for (int i = 0; i < REQUESTS; i++) {
                    double[] each = sides.time(modes.get(m), queries.get(m * REQUESTS + i), queries.get((3 + m) * REQUESTS + i),
                            queries.get((6 + m) * REQUESTS + i), queries.get((9 + m) * REQUESTS + i));
                    for (int side = 0; side < 4; side++) {
                        times[side][i] = each[side];
                    }
                }
                double elasticsearchP50 = percentile(times[2], 50);
                System.out.printf("| %s | %.1f / %.1f ms | %.1f / %.1f ms | %.1f / %.1f ms | %s | %.2f | %s |%n", modes.get(m),
                        percentile(times[0], 50), percentile(times[0], 99), percentile(times[1], 50), percentile(times[1], 99),
                        elasticsearchP50, percentile(times[2], 99),
                        Double.isNaN(times[3][0]) ? "-" : String.format("%.1f / %.1f ms", percentile(times[3], 50), percentile(times[3], 99)),
                        percentile(times[0], 50) / elasticsearchP50,
                        Double.isNaN(times[3][0]) ? "-" : String.format("%.2f", percentile(times[3], 50) / elasticsearchP50));
            }
            throughput(sides, poems, model, localDir);
        }
        model.close();
        if (!keep) {
            delete(elasticsearch, poems.size());
        }
    }

    /**
     * Requests per second with {@value #CLIENTS} clients at once, each side with queries of its own (so that no side
     * finds a cache warmed by another): through the gateway, to search-service, and the requests search-service builds
     * sent to Elasticsearch (its query vector computed beforehand, outside the timing). The three sides take turns,
     * {@value #ROUNDS} rounds, and each side's median round is reported: the machine's state drifts over a run, and a
     * side measured only first or only last would carry that drift. Then one more pass through the gateway and one
     * straight to Elasticsearch show each process's CPU per request: on shared cores, the platform's rate can reach
     * Elasticsearch's only as far as its CPU per request allows. (A JFR profile of that pass cut the gateway's rate to
     * a quarter and left JFR's periodic thread running in the services; async-profiler, attached by hand, is the tool
     * for a profile: docs/benchmarks.md.) Hybrid is left out: its Elasticsearch side depends on the page the service
     * chose.
     */
    private static void throughput(Side sides, List<String[]> poems, ChineseEmbeddingModel model, Path localDir)
            throws Exception {
        System.out.printf("%n%d clients at once, %d distinct queries per side, mode and round, %d rounds:%n", CLIENTS,
                THROUGHPUT_QUERIES, ROUNDS);
        System.out.println("| mode | gateway req/s | search-service req/s | Elasticsearch req/s "
                + "| Elasticsearch through two bare relays req/s | gateway / Elasticsearch | bare relays / Elasticsearch |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String mode : List.of("keyword", "semantic")) {
            double[][] rates = new double[4][ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                List<String> queries = distinctQueries(poems, 2, 4 * THROUGHPUT_QUERIES);
                List<DirectSearch.Search> direct = directRequests(mode, queries.subList(2 * THROUGHPUT_QUERIES,
                        3 * THROUGHPUT_QUERIES), model);
                List<DirectSearch.Search> relayed = directRequests(mode, queries.subList(3 * THROUGHPUT_QUERIES,
                        4 * THROUGHPUT_QUERIES), model);
                rates[0][round] = rate(queries.subList(0, THROUGHPUT_QUERIES), text -> get(sides.gatewaySearch(mode, text)));
                rates[1][round] = rate(queries.subList(THROUGHPUT_QUERIES, 2 * THROUGHPUT_QUERIES),
                        text -> get(sides.serviceSearch(mode, text)));
                rates[2][round] = rate(direct, search -> search.send(sides.elasticsearch()));
                rates[3][round] = rate(relayed, search -> search.send(sides.relays()));
                System.out.printf("  %s round %d: gateway %.0f, search-service %.0f, Elasticsearch %.0f, through bare relays %.0f req/s%n",
                        mode, round + 1, rates[0][round], rates[1][round], rates[2][round], rates[3][round]);
            }
            double elasticsearchRate = percentile(rates[2], 50);
            System.out.printf("| %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f |%n", mode, percentile(rates[0], 50),
                    percentile(rates[1], 50), elasticsearchRate, percentile(rates[3], 50),
                    percentile(rates[0], 50) / elasticsearchRate, percentile(rates[3], 50) / elasticsearchRate);
        }
        // where the cores' time goes on each side: measured apart from the rates, so that reading /proc weighs on neither
        for (String mode : List.of("keyword", "semantic")) {
            List<String> queries = distinctQueries(poems, 2, 3 * THROUGHPUT_QUERIES);
            List<DirectSearch.Search> direct = directRequests(mode, queries.subList(THROUGHPUT_QUERIES,
                    2 * THROUGHPUT_QUERIES), model);
            List<DirectSearch.Search> relayed = directRequests(mode, queries.subList(2 * THROUGHPUT_QUERIES,
                    3 * THROUGHPUT_QUERIES), model);
            CpuAccount platformCpu = new CpuAccount(localDir);
            double platformRate = rate(queries.subList(0, THROUGHPUT_QUERIES), text -> get(sides.gatewaySearch(mode, text)));
            String platformReport = platformCpu.report(THROUGHPUT_QUERIES);
            CpuAccount elasticsearchCpu = new CpuAccount(localDir);
            double elasticsearchRate = rate(direct, search -> search.send(sides.elasticsearch()));
            String elasticsearchReport = elasticsearchCpu.report(THROUGHPUT_QUERIES);
            CpuAccount relaysCpu = new CpuAccount(localDir);
            double relaysRate = rate(relayed, search -> search.send(sides.relays()));
            System.out.printf("%n%s through the gateway, %.0f req/s:%n%s%n%s straight to Elasticsearch, %.0f req/s:%n%s%n"
                            + "%s to Elasticsearch through two bare relays, %.0f req/s:%n%s%n", mode, platformRate, platformReport,
                    mode, elasticsearchRate, elasticsearchReport, mode, relaysRate, relaysCpu.report(THROUGHPUT_QUERIES));
        }
    }

    /**
     * The requests search-service builds for a page of 10 of these queries (query vectors computed here): keyword, one
     * request; semantic, the 10 nearest documents with their nearest passages' positions from the vectors index, then
     * those passages' text from the documents index (not the 1,000 candidates search-service ranks first).
     */
    private static List<DirectSearch.Search> directRequests(String mode, List<String> texts, ChineseEmbeddingModel model) {
        List<DirectSearch.Search> direct = new ArrayList<>();
        for (String text : texts) {
            UserQuery query = UserQuery.parse(text);
            direct.add(mode.equals("keyword") ? DirectSearch.of(SearchRequests.keyword(INDEX, query, 0, 10))
                    : DirectSearch.page(SearchRequests.vector(VECTORS_INDEX, model.embed(List.of(query.meaning())).get(0),
                            10, 0.45), query));
        }
        return direct;
    }

    /**
     * Rounds of {@value #CLIENTS} clients through the gateway (so through search-service and Elasticsearch too), per
     * mode, until a round's rate is within {@value #STEADY_PERCENT}% of the one before: freshly started services on
     * two busy cores were still compiling after several thousand requests (their rate rose by a quarter between the
     * first and the third measured round), and a steady state is what a running platform has.
     */
    private static void warmUnderLoad(Side sides, List<String[]> poems, List<String> modes) throws Exception {
        for (String mode : modes) {
            warmUntilSteady(mode + " through the gateway", () -> distinctQueries(poems, 3, WARM_UP_ROUND),
                    text -> get(sides.gatewaySearch(mode, text)));
        }
        // the relays are JVMs too, and compile as they go
        warmUntilSteady("the bare relays",
                () -> directRequests("keyword", distinctQueries(poems, 3, WARM_UP_ROUND), sides.model()),
                search -> search.send(sides.relays()));
    }

    private static <T> void warmUntilSteady(String what, Supplier<List<T>> round, Call<T> call) throws Exception {
        List<Double> rates = new ArrayList<>();
        do {
            rates.add(rate(round.get(), call));
        } while (rates.size() < MAX_WARM_UP_ROUNDS && (rates.size() < 2
                || Math.abs(rates.get(rates.size() - 1) / rates.get(rates.size() - 2) - 1) * 100 > STEADY_PERCENT));
        System.out.printf("warmed up %s, %d clients, %d queries a round: %s req/s%n", what, CLIENTS, WARM_UP_ROUND,
                rates.stream().map(rate -> String.format("%.0f", rate)).toList());
    }

    private interface Call<T> {
        void send(T input) throws Exception;
    }

    private static <T> double rate(List<T> inputs, Call<T> call) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            long started = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (T input : inputs) {
                done.add(clients.submit(() -> {
                    call.send(input);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            return inputs.size() / ((System.nanoTime() - started) / 1e9);
        } finally {
            clients.shutdown();
        }
    }

    static void get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .header(LocalPlatform.INTERNAL_TOKEN_HEADER, internalToken)
                        .header(LocalPlatform.API_KEY_HEADER, apiKey).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Whether an earlier run with BENCH_KEEP=true left these documents and their vectors in the indexes. */
    private static boolean loaded(String elasticsearch, int count) throws Exception {
        for (String index : List.of(INDEX, VECTORS_INDEX)) {
            if (HTTP.send(HttpRequest.newBuilder(URI.create(elasticsearch + "/" + index + "/_doc/bench-" + (count - 1)))
                            .header("Authorization", elasticsearchAuthorization).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                return false;
            }
        }
        return true;
    }

    /** [title, text] of the first poems, text cut to one passage. */
    private static List<String[]> poems(File folder, int count) throws Exception {
        File[] files = folder.listFiles((dir, name) -> name.endsWith(".json"));
        Arrays.sort(files);
        List<String[]> poems = new ArrayList<>();
        for (File file : files) {
            for (JsonNode poem : JSON.readTree(file)) {
                StringBuilder text = new StringBuilder();
                poem.path("paragraphs").forEach(line -> text.append(line.asText()));
                if (text.length() > 0) {
                    String body = text.length() > 400 ? text.substring(0, 400) : text.toString();
                    poems.add(new String[] {poem.path("title").asText("無題"), body});
                }
                if (poems.size() == count) {
                    return poems;
                }
            }
        }
        return poems;
    }

    /**
     * Each poem as search-service writes a document version once it is embedded: its text document in the documents
     * index and its vectors document (with the fields searches filter and count by, copied) in the vectors index, under
     * the same id and external version.
     */
    private static void load(String elasticsearch, List<String[]> poems, List<float[]> sample) throws Exception {
        Random random = new Random(5);
        String now = Instant.now().toString();
        // above the version of a delete kept by either index (index.gc_deletes) from an earlier run's clean-up, which
        // would refuse a reload with version 1 as a conflict
        long externalVersion = System.currentTimeMillis();
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < poems.size(); i++) {
            float[] base = sample.get(random.nextInt(sample.size()));
            float[] vector = new float[base.length];
            double norm = 0;
            for (int d = 0; d < base.length; d++) {
                vector[d] = base[d] + (float) (random.nextGaussian() * 0.02);
                norm += vector[d] * vector[d];
            }
            for (int d = 0; d < base.length; d++) {
                vector[d] /= (float) Math.sqrt(norm);
            }
            Map<String, Object> passage = Map.of("position", 0, "headings", List.of(), "text", poems.get(i)[1]);
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("id", "bench-" + i);
            document.put("title", poems.get(i)[0]);
            document.put("body", poems.get(i)[1]);
            document.put("source", "bench");
            document.put("collection", "default");
            // something to filter, count and sort by: a tag of five, a date in 25 years
            document.put("tags", List.of(TAGS[random.nextInt(TAGS.length)]));
            document.put("documentDate", LocalDate.of(2000 + random.nextInt(25), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString());
            document.put("contentType", "text/plain");
            document.put("textFingerprint", TextFingerprint.of(poems.get(i)[1]));
            document.put("titleSuggest", SuggestionInputs.title(poems.get(i)[0], "default"));
            document.put("version", 1);
            document.put("passages", List.of(passage));
            document.put("passageCount", 1);
            document.put("indexedAt", now);
            Map<String, Object> vectors = new LinkedHashMap<>();
            for (String field : List.of("id", "collection", "source", "tags", "documentDate", "contentType", "version",
                    "indexedAt")) {
                vectors.put(field, document.get(field));
            }
            vectors.put("embeddedAt", now);
            vectors.put("passages", List.of(Map.of("position", 0, "vector", vector)));
            for (Map.Entry<String, Map<String, Object>> written : List.of(Map.entry(INDEX, document),
                    Map.entry(VECTORS_INDEX, vectors))) {
                bulk.append("{\"index\":{\"_index\":\"").append(written.getKey()).append("\",\"_id\":\"bench-").append(i)
                        .append("\",\"version\":").append(externalVersion).append(",\"version_type\":\"external\"}}\n")
                        .append(JSON.writeValueAsString(written.getValue())).append('\n');
            }
            if ((i + 1) % 1000 == 0 || i == poems.size() - 1) {
                post(elasticsearch + "/_bulk", bulk.toString());
                bulk.setLength(0);
            }
        }
        post(elasticsearch + "/" + INDEX + "," + VECTORS_INDEX + "/_refresh", "");
        for (String index : List.of(INDEX, VECTORS_INDEX)) {
            long count = JSON.readTree(post(elasticsearch + "/" + index + "/_count", "{\"query\":{\"term\":{\"source\":\"bench\"}}}"))
                    .path("count").asLong();
            if (count != poems.size()) {
                throw new IllegalStateException("Loaded " + poems.size() + " documents, but " + index + " holds " + count);
            }
        }
    }

    /** Deletes the documents and their vectors, as search-service deletes a document from both indexes. */
    private static void delete(String elasticsearch, int count) throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < count; i++) {
            for (String index : List.of(INDEX, VECTORS_INDEX)) {
                bulk.append("{\"delete\":{\"_index\":\"").append(index).append("\",\"_id\":\"bench-").append(i).append("\"}}\n");
            }
            if ((i + 1) % 5000 == 0 || i == count - 1) {
                post(elasticsearch + "/_bulk", bulk.toString());
                bulk.setLength(0);
            }
        }
    }

    /**
     * Queries of a fixed word and words picked from random poems, drawn afresh every run: a query repeated from an
     * earlier run would find search-service's query-vector cache and Elasticsearch's caches warm.
     */
    static List<String> distinctQueries(List<String[]> poems, int words, int count) {
        Random random = new Random();
        List<String> queries = new ArrayList<>();
        while (queries.size() < count) {
            StringBuilder query = new StringBuilder(WORDS[random.nextInt(WORDS.length)]);
            for (int w = 1; w < words; w++) {
                String poem = poems.get(random.nextInt(poems.size()))[1].replaceAll("\\P{IsHan}", "");
                int at = random.nextInt(Math.max(1, poem.length() - 1));
                query.append(' ').append(poem, at, Math.min(poem.length(), at + 2));
            }
            if (!queries.contains(query.toString())) {
                queries.add(query.toString());
            }
        }
        return queries;
    }

    /**
     * One query of each side, none of them seen by a cache before: through the gateway, at search-service (another query
     * of the same kind), and as the very requests search-service builds for a third query, sent to Elasticsearch. In
     * hybrid mode Elasticsearch gets the requests search-service sent for the gateway's query (the page shown is one of
     * them), right after it: there Elasticsearch finds its caches warm for the query, and its figure is, if anything,
     * too good.
     */
    private record Side(String elasticsearch, String gateway, String searchService, String relays,
                        ChineseEmbeddingModel model) {
        String gatewaySearch(String mode, String text) {
            return gateway + "/api/v1/search?mode=" + mode + "&q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        }

        String serviceSearch(String mode, String text) {
            return searchService + "/search?mode=" + mode + "&q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        }

        /**
         * @return milliseconds through the gateway, to search-service, directly, and through two bare relays (keyword
         *         and semantic only: NaN in hybrid mode)
         */
        double[] time(String mode, String text, String serviceText, String elasticsearchText, String relayText)
                throws Exception {
            long serviceStarted = System.nanoTime();
            get(serviceSearch(mode, serviceText));
            double serviceMs = (System.nanoTime() - serviceStarted) / 1e6;
            long started = System.nanoTime();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gatewaySearch(mode, text)))
                    .header(LocalPlatform.API_KEY_HEADER, apiKey).build(), HttpResponse.BodyHandlers.ofString());
            double gatewayMs = (System.nanoTime() - started) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.body());
            }
            boolean hybrid = mode.equals("hybrid");
            DirectSearch.Search direct = hybrid ? hybridRequests(text, response.body())
                    : directRequests(mode, List.of(elasticsearchText), model).get(0);
            started = System.nanoTime();
            direct.send(elasticsearch);
            double elasticsearchMs = (System.nanoTime() - started) / 1e6;
            if (hybrid) {
                return new double[] {gatewayMs, serviceMs, elasticsearchMs, Double.NaN};
            }
            DirectSearch.Search relayed = directRequests(mode, List.of(relayText), model).get(0);
            started = System.nanoTime();
            relayed.send(relays);
            return new double[] {gatewayMs, serviceMs, elasticsearchMs, (System.nanoTime() - started) / 1e6};
        }

        /**
         * The requests search-service sends for the gateway's hybrid query: ranked candidates of both kinds and which
         * keyword candidates have vectors, then the page it showed (read from its answer) with its passages, found by
         * words in the documents index and by meaning in the vectors index; not the count of the union it sends when
         * the keyword side has more matches than its window.
         */
        private DirectSearch.Search hybridRequests(String text, String gatewayAnswer) throws Exception {
            UserQuery query = UserQuery.parse(text);
            float[] vector = model.embed(List.of(query.meaning())).get(0);
            List<String> shown = new ArrayList<>();
            JSON.readTree(gatewayAnswer).path("hits").forEach(hit -> shown.add(hit.path("id").asText()));
            int window = SearchPage.RANKED_WINDOW;
            return DirectSearch.hybrid(
                    SearchRequests.keyword(INDEX, query, CollectionScope.ALL, SearchFilters.NONE, 0, window, null,
                            SearchSort.RELEVANCE, List.of()),
                    SearchRequests.vector(VECTORS_INDEX, CollectionScope.ALL, SearchFilters.NONE, null, vector, window,
                            window, 0.45, null, SearchSort.RELEVANCE, List.of()),
                    null,
                    shown.isEmpty() ? null : SearchRequests.keyword(INDEX, query, CollectionScope.ALL, SearchFilters.NONE,
                            0, shown.size(), shown, SearchSort.RELEVANCE, List.of()),
                    shown.isEmpty() ? null : SearchRequests.vector(VECTORS_INDEX, CollectionScope.ALL, SearchFilters.NONE,
                            null, vector, shown.size(), shown.size(), 0.45, shown, SearchSort.RELEVANCE, List.of()),
                    query);
        }
    }

    /** A request to Elasticsearch. */
    static String post(String url, String body) throws Exception {
        URI uri = URI.create(url);
        boolean bulk = uri.getPath().endsWith("_bulk");
        // _bulk and _msearch take lines of JSON
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                .header("Authorization", elasticsearchAuthorization)
                .header("Content-Type", bulk || uri.getPath().endsWith("_msearch") ? "application/x-ndjson" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 || bulk && JSON.readTree(response.body()).path("errors").asBoolean()) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        return response.body();
    }

    static double percentile(double[] values, int percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
