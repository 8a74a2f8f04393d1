package cn.docsearch.search.indexing;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * This service's reading of the document event (contract: docs/events/document-event.schema.json).
 * Unknown fields are ignored so the producer can add optional fields without breaking consumers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DocumentEvent(Integer schemaVersion, String id, String collection, String title, String body, List<Section> sections,
                            Metadata metadata, String contentHash, Instant ingestedAt) {

    public static final int SUPPORTED_SCHEMA_VERSION = 1;
    /** Header of every record since versions order events: the document version it is (decimal, UTF-8). */
    public static final String VERSION_HEADER = "docsearch-version";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Section(List<String> headings, List<String> paragraphs) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(String source, List<String> tags, String clientId, String author, String documentDate,
                           String fileName, String contentType, Integer pageCount, Integer charCount, Integer version) {
    }
}
