package cn.docsearch.gateway.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where the platform stands (GET /api/v1/admin/stats), for the caller's collections. */
@Schema(description = "Documents per state and collection, the stages' lag, and the last failures")
public record PlatformStats(Totals totals, List<CollectionStats> collections, Lag lag, List<Failure> lastFailures) {

    @Schema(name = "StatsTotals")
    public record Totals(
            @Schema(description = "Documents Kafka holds (not deleted)") long accepted,
            @Schema(description = "Accepted, not searchable yet") long pending,
            @Schema(description = "Searchable by words") long indexed,
            @Schema(description = "Searchable by meaning too") long embedded,
            @Schema(description = "Whose latest version could not be indexed") long failed) {
    }

    @Schema(name = "CollectionStats")
    public record CollectionStats(String collection, long accepted, long pending, long indexed, long embedded) {
    }

    @Schema(name = "StatsLag", description = "Events of the document topic (all collections) a stage has not done yet, "
            + "and the embedding backlog of the caller's collections")
    public record Lag(long indexing, long embedding,
                      @Schema(description = "Documents searchable by words, not yet by meaning", example = "1200") long awaitingEmbedding,
                      @Schema(description = "Seconds until they are, at the rate of the last 5 minutes; absent while "
                              + "nothing was embedded lately to tell", example = "340") Long embeddingEstimatedSeconds) {
    }

    @Schema(name = "StatsFailure")
    public record Failure(String id, String collection, String reason, Instant failedAt,
                          @Schema(enumeration = {"indexing", "embedding"}) String stage) {
    }
}
