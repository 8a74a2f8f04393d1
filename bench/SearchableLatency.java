import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time from "POST accepted" (202) to "found by search", one document at a time, through the gateway.
 * Run with: java bench/SearchableLatency.java gatewayUrl documents apiKey (bench/bench.sh passes the admin key)
 */
public class SearchableLatency {
    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        int documents = Integer.parseInt(args[1]);
        String apiKey = args[2];
        HttpClient http = HttpClient.newHttpClient();
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            String marker = randomWord();
            String body = "{\"title\":\"基准测试文档 " + marker + "\",\"content\":\"第" + i
                    + "号基准测试文档。各地区要坚持稳中求进工作总基调，推动高质量发展。标记 " + marker + "\"}";
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/documents"))
                    .header("Content-Type", "application/json").header("X-API-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            long acceptedAt = System.nanoTime();
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("POST answered " + accepted.statusCode() + ": " + accepted.body());
            }
            String id = accepted.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            URI search = URI.create(gateway + "/api/v1/search?q=" + URLEncoder.encode(marker, StandardCharsets.UTF_8));
            while (true) {
                String result = http.send(HttpRequest.newBuilder(search).header("X-API-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                if (result.contains(id)) {
                    break;
                }
                if (System.nanoTime() - acceptedAt > 30_000_000_000L) {
                    throw new IllegalStateException("Document " + id + " not searchable after 30 s");
                }
                Thread.sleep(20);
            }
            latencies.add((System.nanoTime() - acceptedAt) / 1e9);
        }
        Collections.sort(latencies);
        System.out.printf("accepted-to-searchable over %d documents: median %.3f s, p90 %.3f s, max %.3f s%n",
                documents, percentile(latencies, 50), percentile(latencies, 90), latencies.get(latencies.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    /** Letters only: IK keeps an ASCII word whole, so the word finds exactly this document. */
    private static String randomWord() {
        StringBuilder word = new StringBuilder("bench");
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return word.toString();
    }
}
