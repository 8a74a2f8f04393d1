package cn.docsearch.bench.search;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import cn.docsearch.infra.Distribution;
import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.PlatformSettings;

/**
 * Search while documents pour in (issue 28): new hybrid searches (never the same query twice, so no vector is cached)
 * at a steady pace through the gateway, first on the idle platform, then while it takes a bulk load of short documents
 * and one book-length document and embeds them, until the embedding backlog is gone. Prints, side by side, p50, p99,
 * the slowest, failures (anything but 200) and answers degraded to words alone. Asserts nothing.
 * <p>
 * Arguments: gateway URL, the launcher's state folder (.local), short documents, characters of the long one,
 * milliseconds between searches, searches on the idle platform; then, optionally, {@code index-instance}: keyword
 * indexing on a search-service instance of its own (role {@code index}), which the benchmark starts beside the
 * platform's (started with the roles {@code query,embed}) and stops at the end. That instance answers no searches, so
 * its writes never step aside for them.
 */
public final class SearchUnderLoad {
    private static final String[] WHO = {"老人", "孩子", "农户", "外卖骑手", "新市民", "残疾人", "退役军人", "高校毕业生", "个体户", "村医"};
    private static final String[] WHAT = {"吃饭难", "看病贵", "出行不便", "找工作难", "住房紧张", "办事跑腿多", "收入不稳定",
            "冬天取暖难", "上学路远", "维权无门"};
    private static final String[] HOW = {"怎么解决", "有什么办法", "政府怎么帮", "哪里能求助", "有没有补贴"};
    private static final String[] WHERE = {"", "在城里", "在乡下", "在山区", "在老旧小区"};
    private static final int BATCH = 200;
    private static final int WARM_UP = 10;
    private static final double SLOW_MS = 500;
    private static String apiKey;

    private SearchUnderLoad() {
    }

    /** A search slower than {@link #SLOW_MS}: when it was sent (seconds into its phase), its time, search-service's part. */
    record Slow(double at, double millis, long serviceMillis) {
    }

    record Phase(String name, List<Double> millis, int failures, int degraded, List<Slow> slow) {
        String row() {
            double[] values = millis.stream().mapToDouble(Double::doubleValue).toArray();
            return String.format("| %s | %d | %.0f | %.0f | %.0f | %d | %d |", name, values.length,
                    SearchBenchmark.percentile(values, 50), SearchBenchmark.percentile(values, 99),
                    SearchBenchmark.percentile(values, 100), failures, degraded);
        }
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        apiKey = LocalPlatform.adminKey(Path.of(args[1]));
        int shortDocuments = Integer.parseInt(args[2]);
        int longCharacters = Integer.parseInt(args[3]);
        long interval = Long.parseLong(args[4]);
        int idleSearches = Integer.parseInt(args[5]);
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> queries = queries(run);
        LocalPlatform platform = args.length > 6 && args[6].equals("index-instance") ? new LocalPlatform(
                PlatformSettings.fromEnvironment(System.getenv(), Path.of(args[1])), Distribution.fromBuild()) : null;
        try {
            if (platform != null) {
                System.out.printf("keyword indexing on an instance of its own (role index): %s%n",
                        platform.startExtraInstance(LocalPlatform.Component.SEARCH, Map.of("search.roles", "index")));
            }
            measure(gateway, queries, run, shortDocuments, longCharacters, interval, idleSearches);
        } finally {
            if (platform != null) {
                platform.stopExtraInstances();
            }
        }
    }

    private static void measure(String gateway, List<String> queries, String run, int shortDocuments, int longCharacters,
                                long interval, int idleSearches) throws Exception {
        // the first searches warm the services up (class loading, JIT): not counted
        searches("warm-up", gateway, queries.subList(0, WARM_UP), interval, () -> false);
        Phase idle = searches("idle", gateway, queries.subList(WARM_UP, WARM_UP + idleSearches), interval, () -> false);

        long embeddedBefore = embedded(gateway);
        long expected = embeddedBefore + shortDocuments + 1;
        AtomicBoolean submitted = new AtomicBoolean();
        long loadStarted = System.nanoTime();
        Thread load = new Thread(() -> {
            try {
                submit(gateway, List.of(Map.of("title", "年度重点任务分解方案（" + run + "）", "content", longDocument(longCharacters, run))));
                for (int from = 0; from < shortDocuments; from += BATCH) {
                    List<Map<String, Object>> batch = new ArrayList<>();
                    for (int i = from; i < Math.min(shortDocuments, from + BATCH); i++) {
                        batch.add(Map.of("title", "工作简报第" + i + "期（" + run + "）", "content", shortDocument(i, run)));
                    }
                    submit(gateway, batch);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                submitted.set(true);
            }
        });
        load.start();
        Phase loaded = searches("while " + shortDocuments + " short documents and one of " + longCharacters
                + " characters are indexed and embedded", gateway, queries.subList(WARM_UP + idleSearches, queries.size()), interval,
                () -> submitted.get() && embedded(gateway) >= expected);
        load.join();
        System.out.printf("load submitted, and %s, after %.0f s%n", embedded(gateway) >= expected
                ? "all of it embedded" : "the searches ran out before all of it was embedded", (System.nanoTime() - loadStarted) / 1e9);
        System.out.println("| hybrid searches | n | p50 ms | p99 ms | slowest ms | failures | degraded |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.println(idle.row());
        System.out.println(loaded.row());
        System.out.printf("loaded / idle p50: %.2f%n", percentileOf(loaded, 50) / percentileOf(idle, 50));
        // where a slow search's time went: search-service's own part, or the gateway and the way there and back
        for (Phase phase : List.of(idle, loaded)) {
            for (Slow slow : phase.slow()) {
                System.out.printf("slow, %s: sent at %.0f s, %.0f ms, of which search-service %d ms%n",
                        phase.name().startsWith("idle") ? "idle" : "loaded", slow.at(), slow.millis(), slow.serviceMillis());
            }
        }
    }

    /** One search every interval, each a new query, until done says so (or the queries run out). */
    private static Phase searches(String name, String gateway, List<String> queries, long interval,
                                  BooleanSupplier done) throws Exception {
        List<Double> millis = new ArrayList<>();
        int failures = 0;
        int degraded = 0;
        List<Slow> slow = new ArrayList<>();
        long phaseStarted = System.nanoTime();
        for (String query : queries) {
            long started = System.nanoTime();
            HttpResponse<String> response = SearchBenchmark.HTTP.send(HttpRequest.newBuilder(URI.create(gateway
                            + "/api/v1/search?mode=hybrid&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                    .header(LocalPlatform.API_KEY_HEADER, apiKey).build(), HttpResponse.BodyHandlers.ofString());
            double took = (System.nanoTime() - started) / 1e6;
            millis.add(took);
            if (response.statusCode() != 200) {
                failures++;
            } else {
                JsonNode answer = SearchBenchmark.JSON.readTree(response.body());
                if (answer.has("degraded")) {
                    degraded++;
                }
                if (took > SLOW_MS) {
                    slow.add(new Slow((started - phaseStarted) / 1e9, took, answer.path("tookMs").asLong()));
                }
            }
            if (done.getAsBoolean()) {
                break;
            }
            Thread.sleep(Math.max(0, interval - (long) took));
        }
        return new Phase(name, millis, failures, degraded, slow);
    }

    /** Documents searchable by meaning, over every collection: the load is done when all of its are. */
    private static long embedded(String gateway) {
        try {
            HttpResponse<String> response = SearchBenchmark.HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/admin/stats"))
                    .header(LocalPlatform.API_KEY_HEADER, apiKey).build(), HttpResponse.BodyHandlers.ofString());
            return SearchBenchmark.JSON.readTree(response.body()).path("totals").path("embedded").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void submit(String gateway, List<Map<String, Object>> documents) throws Exception {
        HttpResponse<String> response = SearchBenchmark.HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/documents/batch"))
                .header(LocalPlatform.API_KEY_HEADER, apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SearchBenchmark.JSON.writeValueAsString(Map.of("documents", documents))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("batch answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Every combination once, the run's tag making each query new to the platform's cache. */
    private static List<String> queries(String run) {
        List<String> queries = new ArrayList<>();
        for (String where : WHERE) {
            for (String how : HOW) {
                for (String what : WHAT) {
                    for (String who : WHO) {
                        queries.add(who + where + what + how + " " + run);
                    }
                }
            }
        }
        return queries;
    }

    /** Texts carry the run's tag: the same text sent again is a duplicate, which the platform neither stores nor embeds. */
    private static String shortDocument(int n, String run) {
        return "本期简报（" + run + "）：" + WHO[n % WHO.length] + "反映" + WHAT[(n / 10) % WHAT.length] + "问题，街道第" + n
                + "号工作组已上门走访，建立台账，明确责任人和办结时限，办理结果将在下期通报。";
    }

    private static String longDocument(int characters, String run) {
        StringBuilder text = new StringBuilder("本方案编号" + run + "。\n");
        for (int n = 1; text.length() < characters; n++) {
            text.append("第").append(n).append("条：各责任单位要对照年度目标逐项细化工作措施，明确牵头领导、责任科室和完成时限，"
                    + "建立周调度、月通报、季考核的推进机制，对进度滞后的事项及时约谈提醒，确保各项任务落地见效。\n");
        }
        return text.toString();
    }

    private static double percentileOf(Phase phase, int percentile) {
        return SearchBenchmark.percentile(phase.millis().stream().mapToDouble(Double::doubleValue).toArray(), percentile);
    }
}
