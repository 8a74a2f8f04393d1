package cn.docsearch.ingest.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The event published to Kafka for every accepted document, keyed by {@link #id()}; a record with the
 * same key and no value (a tombstone) deletes the document. Every record carries its document version in header
 * {@value #VERSION_HEADER} ({@code metadata.version} for an event, the deletion's for a tombstone): it orders a
 * document's records wherever they are read, and counts on across deletions, so it never repeats for one id.
 * Contract: docs/events/document-event.schema.json.
 *
 * @param collection who may see the document (read as "default", CollectionNames.DEFAULT, in events from before collections)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentEvent(
        int schemaVersion,
        String id,
        String collection,
        String title,
        String body,
        List<Section> sections,
        Metadata metadata,
        String contentHash,
        Instant ingestedAt) {

    public static final int SCHEMA_VERSION = 1;
    /** Header of every record: the document version it is (decimal, UTF-8). */
    public static final String VERSION_HEADER = "docsearch-version";

    /**
     * This event as version {@code version} of its document, taken in at {@code ingestedAt}: an upload makes the
     * event, the writer of its partition decides which version it is.
     */
    public DocumentEvent atVersion(int version, Instant ingestedAt) {
        Metadata m = metadata;
        return new DocumentEvent(schemaVersion, id, collection, title, body, sections, new Metadata(m.source(), m.tags(),
                m.clientId(), m.author(), m.documentDate(), m.fileName(), m.contentType(), m.encoding(), m.pageCount(),
                m.charCount(), version, m.idempotencyKey()), contentHash, ingestedAt);
    }

    /** Paragraphs under one heading path, outermost heading first (empty before the first heading). */
    public record Section(List<String> headings, List<String> paragraphs) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(String source, List<String> tags, String clientId, String author, String documentDate,
                           String fileName, String contentType, String encoding, Integer pageCount, int charCount,
                           int version, String idempotencyKey) {
    }
}
