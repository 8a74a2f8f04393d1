package cn.docsearch.ingest.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The event published to Kafka for every accepted document, keyed by {@link #id()}.
 * Contract: docs/events/document-event.schema.json (schema version {@value #SCHEMA_VERSION}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentEvent(
        int schemaVersion,
        String id,
        String title,
        String body,
        Metadata metadata,
        String contentHash,
        Instant ingestedAt) {

    public static final int SCHEMA_VERSION = 1;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(String source, List<String> tags, String clientId, String contentType, int charCount) {
    }
}
