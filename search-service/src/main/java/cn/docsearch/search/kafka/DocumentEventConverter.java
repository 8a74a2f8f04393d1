package cn.docsearch.search.kafka;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.index.IndexOperation;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.IndexedPassage;
import cn.docsearch.search.passage.PassageSplitter;

/** Turns a record into a write: an upsert for an event, a delete for a tombstone. Id = record key. */
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
        return sections.stream().filter(s -> s.headings() != null).flatMap(s -> s.headings().stream()).distinct().toList();
    }

    private static List<IndexedPassage> passages(DocumentEvent event) {
        List<PassageSplitter.Section> sections = event.sections() == null ? null : event.sections().stream()
                .map(section -> new PassageSplitter.Section(section.headings(), section.paragraphs())).toList();
        return PassageSplitter.split(sections, event.body()).stream()
                .map(p -> new IndexedPassage(p.position(), p.headings(), p.text(), null)).toList();
    }

    public IndexOperation convert(ConsumerRecord<String, String> record) throws MalformedEventException {
        String key = record.key();
        if (key == null || key.isBlank()) {
            throw new MalformedEventException("record has no key (the document id)");
        }
        if (record.value() == null) {
            Header version = record.headers().lastHeader(DocumentEvent.VERSION_HEADER);
            if (version == null) {
                return IndexOperation.unversionedDelete(key);
            }
            try {
                return IndexOperation.delete(key, Long.parseLong(new String(version.value(), StandardCharsets.UTF_8)));
            } catch (NumberFormatException e) {
                throw new MalformedEventException("tombstone header " + DocumentEvent.VERSION_HEADER + " is not a number");
            }
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
        DocumentEvent.Metadata metadata = event.metadata();
        if (metadata == null || metadata.version() == null || metadata.version() < 1) {
            throw new MalformedEventException("event has no metadata.version (a positive number orders a document's events)");
        }
        List<IndexedPassage> passages = passages(event);
        IndexedDocument document = new IndexedDocument(key, event.title(), headings(event.sections()), event.body(),
                metadata.source(), metadata.tags(), metadata.author(), metadata.documentDate(), metadata.fileName(),
                metadata.clientId(), metadata.contentType(), event.contentHash(),
                metadata.charCount() != null ? metadata.charCount() : event.body().length(), metadata.pageCount(),
                metadata.version(), event.ingestedAt(), Instant.now(clock), passages, passages.size(), null);
        return IndexOperation.upsert(key, metadata.version(), document);
    }

    /** The document version a record carries, read leniently because the record may be one that failed to convert. */
    public Integer documentVersion(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            JsonNode version = objectMapper.readTree(record.value()).path("metadata").path("version");
            return version.canConvertToInt() ? version.intValue() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
