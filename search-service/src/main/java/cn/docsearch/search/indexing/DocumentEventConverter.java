package cn.docsearch.search.indexing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.search.index.IndexOperation;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.IndexedPassage;
import cn.docsearch.search.index.IndexingFailure;
import cn.docsearch.search.index.TextFingerprint;
import cn.docsearch.search.passage.PassageSplitter;
import cn.docsearch.search.suggest.SuggestionInputs;
import cn.docsearch.text.DocumentText;

/**
 * Turns a record into a write: an upsert for an event, a delete for a tombstone. Id = record key. Each stage converts a
 * record once; a record it sets aside is read once more, leniently, for what its failure keeps ({@link #failure}).
 */
@ApplicationScoped
public class DocumentEventConverter {
    private final ObjectMapper objectMapper;
    private final Clock clock = Clock.systemUTC();

    public DocumentEventConverter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    /** Every distinct heading, in document order: searchable on their own and boosted over body text. */
    private static List<String> headings(List<DocumentEvent.Section> sections) {
        if (sections == null) {
            return List.of();
        }
        return sections.stream().filter(s -> s != null && s.headings() != null).flatMap(s -> s.headings().stream())
                .map(DocumentText::clean).filter(DocumentText::hasText).distinct().toList();
    }

    private static List<IndexedPassage> passages(DocumentEvent event) {
        List<PassageSplitter.Section> sections = event.sections() == null ? null : event.sections().stream()
                .filter(Objects::nonNull).map(section -> new PassageSplitter.Section(section.headings(), section.paragraphs())).toList();
        return PassageSplitter.split(sections, event.body()).stream()
                .map(p -> new IndexedPassage(p.position(), p.headings(), p.text())).toList();
    }

    public IndexOperation convert(ConsumerRecord<String, String> record) throws MalformedEventException {
        String key = record.key();
        if (key == null || key.isBlank()) {
            throw new MalformedEventException("record has no key (the document id)");
        }
        if (record.value() == null) {
            return IndexOperation.delete(key, externalVersion(record));
        }
        DocumentEvent event;
        try {
            event = objectMapper.readValue(record.value(), DocumentEvent.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("value is not a document event: " + e.getOriginalMessage());
        }
        if (event.schemaVersion() == null || event.schemaVersion() != DocumentEvent.SUPPORTED_SCHEMA_VERSION) {
            throw new MalformedEventException("unsupported schemaVersion " + event.schemaVersion()
                    + " (this consumer reads " + DocumentEvent.SUPPORTED_SCHEMA_VERSION + ")");
        }
        if (!key.equals(event.id())) {
            throw new MalformedEventException("event id " + event.id() + " differs from the record key");
        }
        if (event.body() == null || event.body().isBlank()) {
            throw new MalformedEventException("event has no body");
        }
        // ingest-service refuses such a text at the door; an older or a forged event is refused here, by the same rule
        String body = DocumentText.clean(event.body());
        if (!DocumentText.hasText(body)) {
            throw new MalformedEventException("event has no text: its body holds only control, zero-width or format characters");
        }
        DocumentEvent.Metadata metadata = event.metadata() != null ? event.metadata()
                : new DocumentEvent.Metadata(null, List.of(), null, null, null, null, null, null, null, null);
        List<IndexedPassage> passages = passages(event);
        String collection = event.collection() == null ? CollectionNames.DEFAULT : event.collection();
        String title = DocumentText.clean(event.title());
        List<String> headings = headings(event.sections());
        IndexedDocument document = new IndexedDocument(key, collection, title, headings, body,
                metadata.source(), metadata.tags(), metadata.author(), metadata.documentDate(), metadata.fileName(),
                metadata.clientId(), metadata.contentType(), event.contentHash(),
                metadata.charCount() != null ? metadata.charCount() : body.length(), metadata.pageCount(),
                metadata.version(), event.ingestedAt(), Instant.now(clock), passages, passages.size(),
                TextFingerprint.of(body), SuggestionInputs.title(title, collection),
                SuggestionInputs.terms(metadata.tags(), headings, collection));
        return IndexOperation.upsert(key, externalVersion(record), document);
    }

    /**
     * The version Elasticsearch orders a document's writes by. A record with a version header is ordered by that
     * document version, above every offset, so that neither a recreated topic nor one id's records in two
     * partitions can put an older record over a newer one. A record from before versions were carried is ordered
     * by its offset, as it was written: older data keeps rebuilding exactly as before, and anything newer wins.
     */
    public static long externalVersion(ConsumerRecord<String, String> record) throws MalformedEventException {
        Header header = record.headers().lastHeader(DocumentEvent.VERSION_HEADER);
        if (header == null) {
            return record.offset();
        }
        try {
            long version = Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
            if (version < 1 || version >= IndexOperation.VERSIONED) {
                throw new NumberFormatException("out of range");
            }
            return IndexOperation.VERSIONED + version;
        } catch (NumberFormatException e) {
            throw new MalformedEventException("header " + DocumentEvent.VERSION_HEADER + " is not a document version");
        }
    }

    /**
     * Why a record is set aside, with what it says of itself: read once, leniently, since it may be a record that could
     * not be converted (its collection and document version are null when unreadable).
     */
    public IndexingFailure failure(ConsumerRecord<String, String> record, String reason, String stage, Instant failedAt) {
        String collection = null;
        Integer documentVersion = null;
        if (record.value() != null) {
            try {
                JsonNode event = objectMapper.readTree(record.value());
                collection = event.path("collection").asText(CollectionNames.DEFAULT);
                JsonNode version = event.path("metadata").path("version");
                documentVersion = version.canConvertToInt() ? version.intValue() : null;
            } catch (JsonProcessingException e) {
                // unreadable: the failure is kept without them
            }
        }
        return new IndexingFailure(record.key(), reason, origin(record), record.offset(), documentVersion,
                externalVersionOrOffset(record), failedAt, collection, stage);
    }

    /** Where a record is: topic/partition/offset, how failures and dead letters name it (never by its content). */
    public static String origin(ConsumerRecord<String, String> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    private static long externalVersionOrOffset(ConsumerRecord<String, String> record) {
        try {
            return externalVersion(record);
        } catch (MalformedEventException e) {
            return record.offset();
        }
    }
}
