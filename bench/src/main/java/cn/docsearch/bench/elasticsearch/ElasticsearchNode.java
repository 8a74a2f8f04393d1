package cn.docsearch.bench.elasticsearch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The local platform's Elasticsearch as the benchmarks use it beside the platform: the floor its writes are measured
 * against (the same final documents written once with {@code _bulk} into scratch indexes made like the live ones,
 * issue 28), and the node's own account of where its threads' time went.
 */
public final class ElasticsearchNode {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1, which Elasticsearch speaks: the JDK client would otherwise try to upgrade every connection to h2c. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String url;
    private final String authorization;

    public ElasticsearchNode(String url, String authorization) {
        this.url = url;
        this.authorization = authorization;
    }

    /** The answer's body; a status of 300 or more fails, but for a DELETE of what is not there. */
    public String call(String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", authorization)
                .header("Content-Type", path.endsWith("_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Creates the scratch index anew with the settings (those an index is created with) and mapping of a live alias. */
    public void createLike(String scratch, String liveAlias) throws Exception {
        JsonNode live = JSON.readTree(call("GET", "/" + liveAlias, null)).elements().next();
        ObjectNode index = JSON.createObjectNode();
        JsonNode liveSettings = live.path("settings").path("index");
        for (String setting : List.of("number_of_shards", "number_of_replicas", "refresh_interval", "translog", "gc_deletes",
                "max_result_window", "mapping", "analysis")) {
            if (liveSettings.has(setting)) {
                index.set(setting, liveSettings.get(setting));
            }
        }
        ObjectNode definition = JSON.createObjectNode();
        definition.set("settings", JSON.createObjectNode().set("index", index));
        definition.set("mappings", live.path("mappings"));
        call("DELETE", "/" + scratch, null);
        call("PUT", "/" + scratch, JSON.writeValueAsString(definition));
    }

    /**
     * {@code _bulk} bodies, {@code batch} ids each, that write the documents of these ids as each live alias holds them
     * into its scratch index ({@code scratchOf}: live alias -> scratch index).
     */
    public List<String> finalDocumentBulks(List<String> ids, int batch, Map<String, String> scratchOf) throws Exception {
        return finalDocumentBulks(ids, batch, scratchOf, "");
    }

    /** The same, each document under its id with {@code idSuffix} appended: new documents beside those written before. */
    public List<String> finalDocumentBulks(List<String> ids, int batch, Map<String, String> scratchOf, String idSuffix)
            throws Exception {
        List<String> bulks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += batch) {
            List<String> batchIds = ids.subList(from, Math.min(ids.size(), from + batch));
            StringBuilder bulk = new StringBuilder();
            for (Map.Entry<String, String> scratch : scratchOf.entrySet()) {
                for (JsonNode hit : hits(scratch.getKey(), batchIds)) {
                    bulk.append(JSON.writeValueAsString(Map.of("index", Map.of("_index", scratch.getValue(),
                                    "_id", hit.get("_id").asText() + idSuffix)))).append('\n')
                            .append(JSON.writeValueAsString(hit.get("_source"))).append('\n');
                }
            }
            bulks.add(bulk.toString());
        }
        return bulks;
    }

    /** The hits ({@code _id}, {@code _source}) of the documents of these ids, as the index or alias holds them. */
    public JsonNode hits(String index, List<String> ids) throws Exception {
        String byIds = JSON.writeValueAsString(Map.of("size", ids.size(), "query", Map.of("ids", Map.of("values", ids))));
        return JSON.readTree(call("POST", "/" + index + "/_search", byIds)).path("hits").path("hits");
    }

    /** Sends one {@code _bulk} body; fails if Elasticsearch refused any of its documents. */
    public void bulk(String body) throws Exception {
        JsonNode answer = JSON.readTree(call("POST", "/_bulk", body));
        if (answer.path("errors").asBoolean()) {
            String text = answer.toString();
            throw new IllegalStateException("bulk errors: " + text.substring(0, Math.min(500, text.length())));
        }
    }

    /** Sends the {@code _bulk} bodies, then refreshes the indexes and waits for the merges that sets off. */
    public void writeAndSettle(List<String> bulks, Collection<String> indexes) throws Exception {
        for (String body : bulks) {
            bulk(body);
        }
        call("POST", "/" + String.join(",", indexes) + "/_refresh", "");
        awaitMergesDone();
    }

    /** The documents the index or alias holds, as searches see them. */
    public long count(String index) throws Exception {
        return JSON.readTree(call("GET", "/" + index + "/_count", null)).path("count").asLong();
    }

    /**
     * Waits until no merge runs on the node, twice in a row a second apart: a window measured up to here counts the
     * merges its writes set off, those its last refresh started included, as an index that has settled would have paid.
     */
    public void awaitMergesDone() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        for (int quiet = 0; quiet < 2; ) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Elasticsearch was still merging after 10 minutes");
            }
            long running = JSON.readTree(call("GET", "/_stats/merge", null)).path("_all").path("total").path("merges")
                    .path("current").asLong();
            quiet = running == 0 ? quiet + 1 : 0;
            Thread.sleep(1_000);
        }
    }

    /**
     * What the node spent its time on so far (ms per activity, and operations), from its node stats, and the same per
     * index (keys {@code index: activity}), so that a window's account says which index cost what; and the requests it
     * answered by kind (keys {@code requests: action}).
     */
    public Map<String, Long> activity() throws Exception {
        Map<String, Long> activity = new LinkedHashMap<>();
        account("", JSON.readTree(call("GET", "/_nodes/_local/stats/indices", null))
                .path("nodes").elements().next().path("indices"), activity);
        JSON.readTree(call("GET", "/_stats/indexing,refresh,merge,flush,search,get", null)).path("indices").fields()
                .forEachRemaining(index -> account(index.getKey() + ": ", index.getValue().path("total"), activity));
        // which requests the window's HTTP work served, by REST action (the node's count since it started)
        JSON.readTree(call("GET", "/_nodes/_local/usage", null)).path("nodes").elements().next().path("rest_actions")
                .fields().forEachRemaining(action -> activity.put("requests: " + action.getKey(), action.getValue().asLong()));
        return activity;
    }

    private static void account(String prefix, JsonNode stats, Map<String, Long> activity) {
        activity.put(prefix + "indexing ms", stats.path("indexing").path("index_time_in_millis").asLong());
        activity.put(prefix + "index operations", stats.path("indexing").path("index_total").asLong());
        activity.put(prefix + "refresh ms", stats.path("refresh").path("total_time_in_millis").asLong());
        activity.put(prefix + "refreshes", stats.path("refresh").path("total").asLong());
        // the others are internal: a realtime get of a document written since the last refresh makes one
        activity.put(prefix + "refreshes for searches", stats.path("refresh").path("external_total").asLong());
        activity.put(prefix + "merge ms", stats.path("merges").path("total_time_in_millis").asLong());
        activity.put(prefix + "merged documents", stats.path("merges").path("total_docs").asLong());
        activity.put(prefix + "flush ms", stats.path("flush").path("total_time_in_millis").asLong());
        activity.put(prefix + "search query + fetch ms", stats.path("search").path("query_time_in_millis").asLong()
                + stats.path("search").path("fetch_time_in_millis").asLong());
        activity.put(prefix + "searches", stats.path("search").path("query_total").asLong());
        activity.put(prefix + "get ms", stats.path("get").path("time_in_millis").asLong());
        activity.put(prefix + "gets", stats.path("get").path("total").asLong());
    }

    /**
     * The node's account since {@link #activity()} gave {@code before}, one line per activity, then each index that
     * did something meanwhile (an index made in the window counts from zero; one deleted in it is not shown).
     */
    public String activitySince(Map<String, Long> before) throws Exception {
        Map<String, Long> after = activity();
        StringBuilder report = new StringBuilder("  Elasticsearch's own account (node stats, time is wall time of its threads):");
        after.forEach((name, value) -> {
            long change = value - before.getOrDefault(name, 0L);
            if (!name.contains(": ") || change != 0) {
                report.append(String.format("%n    %-60s %,10d", name, change));
            }
        });
        return report.toString();
    }
}
