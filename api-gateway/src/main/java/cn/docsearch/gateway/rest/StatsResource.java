package cn.docsearch.gateway.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import cn.docsearch.gateway.api.PlatformStats;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.rest.CurrentCaller;
import cn.docsearch.gateway.client.Downstream;
import cn.docsearch.gateway.client.IngestServiceClient;
import cn.docsearch.gateway.client.SearchServiceClient;

/** Where the platform stands: what Kafka holds against what the index has, per collection. */
@Path("/api/v1/admin/stats")
@Produces(MediaType.APPLICATION_JSON)
@RequiredRole(Role.ADMIN)
@Tag(name = "Administration", description = "The search index: its state and rebuilding it from Kafka")
public class StatsResource {
    private final IngestServiceClient ingest;
    private final SearchServiceClient search;
    private final Downstream downstream;
    private final CurrentCaller caller;

    public StatsResource(@RestClient IngestServiceClient ingest, @RestClient SearchServiceClient search,
                         Downstream downstream, CurrentCaller caller) {
        this.ingest = ingest;
        this.search = search;
        this.downstream = downstream;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getPlatformStats", summary = "Documents per state and collection, lag, last failures",
            description = "accepted: what Kafka holds; indexed: searchable by words; embedded: by meaning too; pending: "
                    + "accepted and not yet indexed; failed: whose latest version could not be indexed (with the last "
                    + "ten reasons). Only the key's collections are counted.")
    @APIResponse(responseCode = "200", description = "The figures",
            content = @Content(schema = @Schema(implementation = PlatformStats.class)))
    public PlatformStats stats() {
        String scope = caller.get().scope();
        JsonNode accepted = downstream.call("ingest-service", () -> ingest.stats(scope), JsonNode.class);
        JsonNode indexed = downstream.call("search-service", () -> search.indexStats(scope), JsonNode.class);
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
                new PlatformStats.Lag(indexed.path("indexingLag").asLong(), indexed.path("embeddingLag").asLong()), failures);
    }
}
