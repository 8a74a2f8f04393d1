package cn.docsearch.gateway.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import cn.docsearch.gateway.api.PlatformStats;
import cn.docsearch.gateway.auth.Caller;
import cn.docsearch.gateway.client.IngestService;
import cn.docsearch.gateway.client.SearchService;

/** Where the platform stands: what Kafka holds (ingest-service) against what the index has (search-service). */
@ApplicationScoped
public class PlatformStatsService {
    private final IngestService ingest;
    private final SearchService search;

    public PlatformStatsService(IngestService ingest, SearchService search) {
        this.ingest = ingest;
        this.search = search;
    }

    /** Counted among the caller's collections. */
    public PlatformStats stats(Caller who) {
        return combine(ingest.stats(who), search.indexStats(who));
    }

    static PlatformStats combine(JsonNode accepted, JsonNode indexed) {
        Map<String, long[]> byCollection = new TreeMap<>();
        accepted.path("collections").forEach(c -> byCollection.computeIfAbsent(c.path("collection").asText(),
                k -> new long[3])[0] = c.path("documents").asLong());
        indexed.path("collections").forEach(c -> {
            long[] counts = byCollection.computeIfAbsent(c.path("collection").asText(), k -> new long[3]);
            counts[1] = c.path("indexed").asLong();
            counts[2] = c.path("embedded").asLong();
        });
        List<PlatformStats.CollectionStats> collections = new ArrayList<>();
        long[] totals = new long[4];
        byCollection.forEach((name, counts) -> {
            // the index may briefly hold a document Kafka's view has just seen deleted: never a negative backlog
            long pending = Math.max(0, counts[0] - counts[1]);
            collections.add(new PlatformStats.CollectionStats(name, counts[0], pending, counts[1], counts[2]));
            totals[0] += counts[0];
            totals[1] += pending;
            totals[2] += counts[1];
            totals[3] += counts[2];
        });
        List<PlatformStats.Failure> failures = new ArrayList<>();
        indexed.path("lastFailures").forEach(f -> failures.add(new PlatformStats.Failure(f.path("id").asText(),
                f.path("collection").asText(null), f.path("reason").asText(), f.hasNonNull("failedAt")
                ? Instant.parse(f.path("failedAt").asText()) : null, f.path("stage").asText("indexing"))));
        return new PlatformStats(new PlatformStats.Totals(totals[0], totals[1], totals[2], totals[3],
                indexed.path("failed").asLong()), collections,
                new PlatformStats.Lag(indexed.path("indexingLag").asLong(), indexed.path("embeddingLag").asLong(),
                        indexed.path("embeddingBacklog").path("documents").asLong(),
                        indexed.path("embeddingBacklog").hasNonNull("estimatedSeconds")
                                ? indexed.path("embeddingBacklog").path("estimatedSeconds").asLong() : null), failures);
    }
}
