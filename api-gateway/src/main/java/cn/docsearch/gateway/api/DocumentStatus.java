package cn.docsearch.gateway.api;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

@Schema(description = "Where an accepted document is: 'pending' (in Kafka, not yet searchable), 'indexed' (searchable "
        + "by words), 'embedded' (its passage vectors are in too: also searchable by meaning), or 'failed' (a stage can never "
        + "process it as it is; 'reason' says why, 'failedStage' which stage: 'indexing' (not searchable) or 'embedding' "
        + "(searchable by words, not by meaning); the event is kept on the dead-letter topic)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentStatus(
        @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
        @Schema(enumeration = {"pending", "indexed", "embedded", "failed"}, example = "indexed") String status,
        @Schema(description = "The latest accepted version", example = "1") int version,
        Instant indexedAt,
        Instant embeddedAt,
        @Schema(example = "rejected by Elasticsearch: document_parsing_exception: …") String reason,
        Instant failedAt,
        @Schema(enumeration = {"indexing", "embedding"}, example = "indexing") String failedStage,
        @Schema(description = "While 'indexed': the documents the embedding stage does before this one, and the "
                + "estimated wait until it is searchable by meaning") EmbeddingQueue embeddingQueue) {

    @Schema(name = "EmbeddingQueue")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbeddingQueue(
            @Schema(description = "Documents indexed before this one and not embedded yet", example = "420") long documents,
            @Schema(description = "Estimated seconds until this one is embedded, at the rate of the last 5 minutes; "
                    + "absent while nothing was embedded lately to tell", example = "95") Long estimatedSeconds) {
    }

    /** What ingest-service accepted. */
    public record Accepted(String id, int version) {
    }

    /** What search-service indexed, or why it could not. */
    public record Indexing(String status, Integer version, Instant indexedAt, Instant embeddedAt, String reason,
                           Instant failedAt, String failedStage, EmbeddingQueue embeddingQueue) {
    }
}
