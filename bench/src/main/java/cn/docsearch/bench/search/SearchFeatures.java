package cn.docsearch.bench.search;

import static cn.docsearch.bench.search.SearchBenchmark.HTTP;
import static cn.docsearch.bench.search.SearchBenchmark.INDEX;
import static cn.docsearch.bench.search.SearchBenchmark.JSON;
import static cn.docsearch.bench.search.SearchBenchmark.REQUESTS;
import static cn.docsearch.bench.search.SearchBenchmark.SEARCH;
import static cn.docsearch.bench.search.SearchBenchmark.VECTORS_INDEX;
import static cn.docsearch.bench.search.SearchBenchmark.percentile;
import static cn.docsearch.bench.search.SearchBenchmark.post;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.search.embedding.ChineseEmbeddingModel;
import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.CompletionInput;
import cn.docsearch.search.query.FacetField;
import cn.docsearch.search.query.SearchFilters;
import cn.docsearch.search.query.SearchPage;
import cn.docsearch.search.query.SearchRequests;
import cn.docsearch.search.query.SearchSort;
import cn.docsearch.search.query.UserQuery;
import cn.docsearch.search.suggest.Pinyin;
import cn.docsearch.text.PrefixFolding;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.SearchRequest;

/**
 * Search as people use it, at 100k documents (the poems of {@link SearchBenchmark}, each with a tag, a date and its title's
 * suggestion inputs), side by side with Elasticsearch in one run: a filtered and faceted search per mode through the
 * gateway against the very requests search-service sends for it; suggestions through the gateway against the same
 * completion request; an export of a large result set through the gateway against a walk of the same keyword query on a
 * point in time, 200 at a time, as search-service reads it. Distinct queries on every side, so no cache has seen them.
 */
final class SearchFeatures {
    private static final List<String> FILTER_TAGS = List.of("五言", "七言");
    private static final String DATE_FROM = "2005-01-01";
    private static final String FACETS = "tags,year";
    private static final int WARM_UP = 300;
    private static final double MIN_SIMILARITY = 0.45;
    /** One of the commonest characters of the poems, as a keyword query: a result set of about all 100k to export. */
    private static final String BROAD_QUERY = String.join(" OR ", "山", "月", "風", "人", "不", "一", "無", "有", "天", "日",
            "中", "來", "雲", "花", "春", "心", "時", "何", "君", "年");
    private static final int EXPORT_CHUNK = 200;

    private SearchFeatures() {
    }

    static void measure(String elasticsearch, String gateway, List<String[]> poems, ChineseEmbeddingModel model)
            throws Exception {
        SearchFilters filters = SearchFilters.of(FILTER_TAGS, List.of(), List.of(), List.of(), List.of(), DATE_FROM, null,
                null, null);
        List<FacetField> facets = FacetField.parse(List.of(FACETS));
        List<String> modes = List.of("keyword", "semantic", "hybrid");
        List<String> warmUp = SearchBenchmark.distinctQueries(poems, 3, WARM_UP);
        for (int i = 0; i < warmUp.size(); i++) {
            gatewaySearch(gateway, modes.get(i % 3), warmUp.get(i));
        }
        System.out.printf("%nFiltered (tags=%s, dateFrom=%s) and faceted (%s) search, %d distinct queries per mode and side:%n",
                FILTER_TAGS, DATE_FROM, FACETS, REQUESTS);
        System.out.println("| mode | gateway p50 / p99 | Elasticsearch p50 / p99 (the same requests) | gateway / Elasticsearch p50 |");
        System.out.println("|---|---|---|---|");
        for (String mode : modes) {
            List<String> queries = SearchBenchmark.distinctQueries(poems, 2, 2 * REQUESTS);
            double[] platform = new double[REQUESTS];
            double[] direct = new double[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                long started = System.nanoTime();
                JsonNode answer = gatewaySearch(gateway, mode, queries.get(i));
                platform[i] = (System.nanoTime() - started) / 1e6;
                // the requests of another query, built as search-service builds them, shown ids from its own candidates
                DirectSearch.Search search = requests(mode, queries.get(REQUESTS + i), filters, facets, model, elasticsearch);
                started = System.nanoTime();
                search.send(elasticsearch);
                direct[i] = (System.nanoTime() - started) / 1e6;
                if (answer.path("facets").isMissingNode()) {
                    throw new IllegalStateException("no facets in " + answer);
                }
            }
            System.out.printf("| %s | %.1f / %.1f ms | %.1f / %.1f ms | %.2f |%n", mode, percentile(platform, 50),
                    percentile(platform, 99), percentile(direct, 50), percentile(direct, 99),
                    percentile(platform, 50) / percentile(direct, 50));
        }
        suggestions(elasticsearch, gateway, poems);
        export(elasticsearch, gateway);
    }

    /**
     * The requests search-service sends for a page of 10: keyword, one with its facets; semantic, the vector candidates
     * with facets (of the vectors index), then the page: its documents' nearest passages (vectors index) and their
     * text (documents index); hybrid, both sides' candidates, which keyword candidates have vectors, the count of their
     * union with facets, then the page: its hits by words, and by meaning as in semantic.
     */
    private static DirectSearch.Search requests(String mode, String text, SearchFilters filters, List<FacetField> facets,
                                                ChineseEmbeddingModel model, String elasticsearch) throws Exception {
        UserQuery query = UserQuery.parse(text);
        CollectionScope all = CollectionScope.ALL;
        int window = SearchPage.RANKED_WINDOW;
        if (mode.equals("keyword")) {
            return DirectSearch.of(SearchRequests.keyword(INDEX, query, all, filters, 0, 10, List.of(), SearchSort.RELEVANCE,
                    facets));
        }
        float[] vector = model.embed(List.of(query.meaning())).get(0);
        boolean hybrid = mode.equals("hybrid");
        SearchRequest vectorCandidates = SearchRequests.vector(VECTORS_INDEX, all, filters, null, vector, window, window,
                MIN_SIMILARITY, null, SearchSort.RELEVANCE, hybrid ? List.of() : facets);
        // the ids of the page: the first vector candidates (fusion's order is search-service's business, not a cost)
        List<String> candidates = DirectSearch.ids(DirectSearch.Prepared.of(vectorCandidates).send(elasticsearch));
        List<String> shown = candidates.subList(0, Math.min(10, candidates.size()));
        // no candidate above the similarity floor: search-service asks for no page either
        SearchRequest nearestShown = shown.isEmpty() ? null : SearchRequests.vector(VECTORS_INDEX, all, filters, null,
                vector, shown.size(), shown.size(), MIN_SIMILARITY, shown, SearchSort.RELEVANCE, List.of());
        if (!hybrid) {
            return DirectSearch.semantic(vectorCandidates, nearestShown, query);
        }
        return DirectSearch.hybrid(
                SearchRequests.keyword(INDEX, query, all, filters, 0, window, null, SearchSort.RELEVANCE, List.of()),
                vectorCandidates,
                SearchRequests.union(INDEX, query, all, filters, candidates, facets),
                shown.isEmpty() ? null : SearchRequests.keyword(INDEX, query, all, filters, 0, shown.size(), shown,
                        SearchSort.RELEVANCE, List.of()),
                nearestShown, query);
    }

    /** Prefixes people type: a title's first one or two characters, their pinyin, or the initials of its first three. */
    private static void suggestions(String elasticsearch, String gateway, List<String[]> poems) throws Exception {
        Random random = new Random();
        List<String> typed = new ArrayList<>();
        while (typed.size() < 2 * REQUESTS + WARM_UP) {
            String title = PrefixFolding.fold(poems.get(random.nextInt(poems.size()))[0]);
            if (title.length() >= 3) {
                String head = title.substring(0, 1 + random.nextInt(2));
                List<String> forms = List.of(head, Pinyin.full(head), Pinyin.initials(title.substring(0, 3)));
                typed.add(forms.get(random.nextInt(forms.size())));
            }
        }
        for (String prefix : typed.subList(0, WARM_UP)) {
            gatewayGet(gateway + "/api/v1/search/suggest?q=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
        }
        double[] platform = new double[REQUESTS];
        double[] direct = new double[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long started = System.nanoTime();
            gatewayGet(gateway + "/api/v1/search/suggest?q=" + URLEncoder.encode(typed.get(WARM_UP + i), StandardCharsets.UTF_8));
            platform[i] = (System.nanoTime() - started) / 1e6;
            String prefix = PrefixFolding.fold(typed.get(WARM_UP + REQUESTS + i));
            // the context of every collection, as search-service asks for an admin key's suggestions
            Map<String, Object> everyCollection = Map.of(CompletionInput.COLLECTION_CONTEXT,
                    List.of(Map.of("context", CompletionInput.EVERY_COLLECTION, "prefix", true)));
            String body = JSON.writeValueAsString(Map.of("_source", List.of("title"), "suggest", Map.of(
                    "titles", Map.of("prefix", prefix, "completion", Map.of("field", "titleSuggest", "size", 8,
                            "skip_duplicates", true, "contexts", everyCollection)),
                    "terms", Map.of("prefix", prefix, "completion", Map.of("field", "termSuggest", "size", 8,
                            "skip_duplicates", true, "contexts", everyCollection)))));
            started = System.nanoTime();
            post(elasticsearch + SEARCH, body);
            direct[i] = (System.nanoTime() - started) / 1e6;
        }
        System.out.printf("%nSuggestions while typing (characters, pinyin, initials), %d prefixes per side:%n", REQUESTS);
        System.out.printf("| gateway p50 / p99 | Elasticsearch p50 / p99 (the same completion request) | gateway / Elasticsearch p50 |%n");
        System.out.println("|---|---|---|");
        System.out.printf("| %.1f / %.1f ms | %.1f / %.1f ms | %.2f |%n", percentile(platform, 50), percentile(platform, 99),
                percentile(direct, 50), percentile(direct, 99), percentile(platform, 50) / percentile(direct, 50));
    }

    /** The export through the gateway, lines as they stream in, against a point-in-time walk of the same query. */
    private static void export(String elasticsearch, String gateway) throws Exception {
        long started = System.nanoTime();
        long lines = 0;
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway
                        + "/api/v1/search/export?mode=keyword&q=" + URLEncoder.encode(BROAD_QUERY, StandardCharsets.UTF_8)))
                .header(LocalPlatform.API_KEY_HEADER, SearchBenchmark.apiKey).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            while (reader.readLine() != null) {
                lines++;
            }
        }
        double platformSeconds = (System.nanoTime() - started) / 1e9;

        UserQuery query = UserQuery.parse(BROAD_QUERY);
        started = System.nanoTime();
        String pointInTime = JSON.readTree(post(elasticsearch + "/" + INDEX + "/_pit?keep_alive=5m", "")).path("id").asText();
        long walked = 0;
        List<FieldValue> after = List.of();
        while (true) {
            JsonNode page = JSON.readTree(post(elasticsearch + "/_search", DirectSearch.json(SearchRequests.keywordAfter(INDEX,
                    pointInTime, query, CollectionScope.ALL, SearchFilters.NONE, EXPORT_CHUNK, after, SearchSort.RELEVANCE,
                    List.of()))));
            JsonNode hits = page.path("hits").path("hits");
            walked += hits.size();
            pointInTime = page.path("pit_id").asText(pointInTime);
            if (hits.size() < EXPORT_CHUNK) {
                break;
            }
            List<FieldValue> last = new ArrayList<>();
            JsonNode sort = hits.get(hits.size() - 1).path("sort");
            for (int i = 0; i < sort.size() - 1; i++) {
                JsonNode value = sort.get(i);
                last.add(value.isNumber() ? FieldValue.of(value.asDouble()) : FieldValue.of(value.asText()));
            }
            after = last;
        }
        double directSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%nExport of keyword q=%s (every match, NDJSON):%n", BROAD_QUERY);
        System.out.println("| results | gateway, lines/s | Elasticsearch point-in-time walk, %d a page, docs/s | ratio |".formatted(EXPORT_CHUNK));
        System.out.println("|---|---|---|---|");
        System.out.printf("| %d (walk: %d) | %.0f | %.0f | %.2f |%n", lines, walked, lines / platformSeconds,
                walked / directSeconds, (lines / platformSeconds) / (walked / directSeconds));
    }

    private static JsonNode gatewaySearch(String gateway, String mode, String text) throws Exception {
        StringBuilder url = new StringBuilder(gateway).append("/api/v1/search?mode=").append(mode).append("&q=")
                .append(URLEncoder.encode(text, StandardCharsets.UTF_8)).append("&facets=").append(FACETS)
                .append("&dateFrom=").append(DATE_FROM);
        for (String tag : FILTER_TAGS) {
            url.append("&tags=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
        }
        return JSON.readTree(gatewayGet(url.toString()));
    }

    private static String gatewayGet(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header(LocalPlatform.API_KEY_HEADER, SearchBenchmark.apiKey).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
