package cn.docsearch.bench.platform;

import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.client.ApiClient;
import cn.docsearch.client.api.DocumentsApi;
import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.loader.FolderLoader;
import cn.docsearch.loader.GatewayClient;

/**
 * The command-line loader on a folder of N text files (poems of npm's chinese-poetry, one per file, 100 per
 * sub-folder, each made unique): files/s and docs/s until every file is answered, the time until Elasticsearch counts
 * them all, then a second run over the same folder (everything skipped). Prints figures; asserts nothing.
 * Arguments: gateway URL, Elasticsearch URL, chinese-poetry folder, files, concurrency.
 */
public final class LoaderBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LoaderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String elasticsearch = args[1];
        File poetry = new File(args[2], "quantangshi");
        int files = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        Path localDir = Path.of(args[5]);
        String elasticsearchAuthorization = LocalPlatform.elasticsearchAuthorization(localDir);
        String tag = "loader-bench-" + UUID.randomUUID().toString().substring(0, 8);
        Path folder = Files.createTempDirectory("docsearch-" + tag);
        write(poetry, folder, files, tag);
        System.out.printf("%d files in %s, %d at once%n", files, folder, concurrency);

        ApiClient client = GatewayClient.create(gateway, LocalPlatform.adminKey(localDir));
        DocumentsApi documents = new DocumentsApi(client);
        PrintStream progress = System.err;
        long started = System.nanoTime();
        FolderLoader.Summary first = new FolderLoader(documents, concurrency, "装载基准", List.of(tag), null, progress).load(folder);
        double answered = seconds(started);
        long counted;
        do {
            Thread.sleep(500);
            counted = count(elasticsearch, elasticsearchAuthorization, tag);
        } while (counted < first.accepted());
        double searchable = seconds(started);
        System.out.printf("first run: %s%n", first);
        System.out.printf("  every file answered after %.1f s: %.0f docs/s; all searchable after %.1f s: %.0f docs/s%n",
                answered, first.accepted() / answered, searchable, first.accepted() / searchable);
        long again = System.nanoTime();
        FolderLoader.Summary second = new FolderLoader(documents, concurrency, "装载基准", List.of(tag), null, progress).load(folder);
        System.out.printf("second run (resume): %d skipped in %.1f s%n", second.skipped(), seconds(again));
    }

    private static void write(File poetry, Path folder, int files, String tag) throws Exception {
        File[] sources = poetry.listFiles((dir, name) -> name.endsWith(".json"));
        Arrays.sort(sources);
        int written = 0;
        for (File source : sources) {
            for (JsonNode poem : JSON.readTree(source)) {
                StringBuilder text = new StringBuilder(poem.path("title").asText("無題")).append('\n');
                poem.path("paragraphs").forEach(line -> text.append(line.asText()).append('\n'));
                text.append("（").append(tag).append('-').append(written).append('）');
                Path file = folder.resolve(String.format("%03d/%05d.txt", written / 100, written));
                Files.createDirectories(file.getParent());
                Files.writeString(file, text);
                if (++written == files) {
                    return;
                }
            }
        }
    }

    private static long count(String elasticsearch, String elasticsearchAuthorization, String tag) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(elasticsearch + "/documents/_count"))
                .header("Content-Type", "application/json").header("Authorization", elasticsearchAuthorization)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("query", Map.of("term", Map.of("tags", tag)))))).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("count").asLong();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
