package cn.docsearch.search.embedding;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.passage.Passage;
import cn.docsearch.search.passage.PassageSplitter;

/**
 * Embedding throughput, side by side in one run: the model alone in a loop (1 and 2 threads, as the service runs it)
 * over the passages of the evaluation documents, then the whole pipeline on the running local platform (documents
 * posted to the gateway, until search-service reports every one 'embedded'). Prints figures, asserts nothing.
 * Arguments: gateway URL, search-service URL, number of documents for the pipeline.
 */
public final class EmbeddingBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EmbeddingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String searchService = args[1];
        int documents = Integer.parseInt(args[2]);
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
            ChineseEmbeddingModel model = new ChineseEmbeddingModel(threads);
            model.embed(passages.subList(0, Math.min(32, passages.size())));
            long started = System.nanoTime();
            for (int from = 0; from < passages.size(); from += 48) {
                model.embed(passages.subList(from, Math.min(passages.size(), from + 48)));
            }
            double perSecond = passages.size() / ((System.nanoTime() - started) / 1e9);
            System.out.printf("model alone, %d thread(s): %.1f passages/s%n", threads, perSecond);
            alone = perSecond;
            model.close();
        }

        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < documents; i++) {
            JsonNode document = corpus.get(i % corpus.size());
            StringBuilder content = new StringBuilder();
            for (JsonNode section : document.get("sections")) {
                section.get("headings").forEach(h -> content.append(h.asText()).append('\n'));
                section.get("paragraphs").forEach(p -> content.append(p.asText()).append('\n'));
            }
            content.append("基准测试").append(run).append('-').append(i).append('。');
            String body = JSON.writeValueAsString(Map.of("title", document.get("title").asText(), "content", content.toString()));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/documents"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            ids.add(JSON.readTree(response.body()).get("id").asText());
        }
        // polls lightly (a sweep stops at the first document not embedded yet) so as not to take the cores it measures
        List<String> waiting = new ArrayList<>(ids);
        while (!waiting.isEmpty()) {
            while (!waiting.isEmpty() && embedded(searchService, waiting.get(0))) {
                waiting.remove(0);
            }
            Thread.sleep(Duration.ofMillis(250).toMillis());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int embedded = 0;
        for (String id : ids) {
            HttpResponse<String> document = HTTP.send(HttpRequest.newBuilder(URI.create(searchService + "/documents/" + id))
                    .build(), HttpResponse.BodyHandlers.ofString());
            embedded += JSON.readTree(document.body()).path("passageCount").asInt();
        }
        double pipeline = embedded / seconds;
        System.out.printf("pipeline (POST to every document embedded): %d passages in %.1f s = %.1f passages/s%n",
                embedded, seconds, pipeline);
        System.out.printf("ratio pipeline / model alone (2 threads): %.2f%n", pipeline / alone);
        for (String id : ids) {
            HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/documents/" + id)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private static boolean embedded(String searchService, String id) throws Exception {
        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create(searchService + "/documents/" + id + "/status"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return status.statusCode() == 200 && "embedded".equals(JSON.readTree(status.body()).path("status").asText());
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
