package cn.docsearch.ingest.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The event published to Kafka for every accepted document, keyed by {@link #id()}; a record with the
 * same key and no value deletes the document. Contract: docs/events/document-event.schema.json.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentEvent(
        int schemaVersion,
        String id,
        String title,
        String body,
        List<Section> sections,
        Metadata metadata,
        String contentHash,
        Instant ingestedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** Paragraphs under one heading path, outermost heading first (empty before the first heading). */
    public record Section(List<String> headings, List<String> paragraphs) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(String source, List<String> tags, String clientId, String author, String documentDate,
                           String fileName, String contentType, String encoding, Integer pageCount, int charCount,
                           int version, String idempotencyKey) {
    }
}
