package cn.docsearch.ingest.rest;

import java.util.Comparator;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import cn.docsearch.ingest.registry.DocumentRegistry;
import cn.docsearch.ingest.upload.CollectionScope;

/** What ingest-service has accepted, per collection: the documents Kafka holds, whether indexed yet or not. */
@Path("/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {
    private final DocumentRegistry registry;

    public StatsResource(DocumentRegistry registry) {
        this.registry = registry;
    }

    public record CollectionCount(String collection, long documents) {
    }

    public record Stats(List<CollectionCount> collections) {
    }

    /** @param collections the caller's collections, comma-separated (absent: all) */
    @GET
    public Stats stats(@QueryParam("collections") String collections) {
        CollectionScope scope = CollectionScope.parse(collections);
        return new Stats(registry.documentCountByCollection().entrySet().stream()
                .filter(entry -> scope.admits(entry.getKey()))
                .map(entry -> new CollectionCount(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparing(CollectionCount::collection)).toList());
    }
}
