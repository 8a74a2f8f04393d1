package cn.docsearch.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.search.index.IndexOperation;
import cn.docsearch.search.index.IndexingFailure;

/** How a record becomes a write, and what a record that cannot be written still says of itself. */
class DocumentEventConverterTest {
    private final DocumentEventConverter converter = new DocumentEventConverter(new ObjectMapper().findAndRegisterModules());

    private static ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>("documents", 2, 41, key, value);
    }

    private static ConsumerRecord<String, String> versioned(String key, String value, String version) {
        ConsumerRecord<String, String> record = record(key, value);
        record.headers().add(DocumentEvent.VERSION_HEADER, version.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String event(String id, String body) {
        return """
                {"schemaVersion": 1, "id": "%s", "title": "标题", "body": "%s",
                 "sections": [{"headings": ["第一章"], "paragraphs": ["%s"]}],
                 "metadata": {"source": "办公室", "version": 3}, "ingestedAt": "2026-11-30T10:00:00Z"}
                """.formatted(id, body, body);
    }

    @Test
    void onlyAFirstVersionCannotHaveVectorsToReplace() throws Exception {
        assertThat(converter.convert(versioned("doc-1", event("doc-1", "正文"), "1")).mayReplaceVectors()).isFalse();
        assertThat(converter.convert(versioned("doc-1", event("doc-1", "正文"), "2")).mayReplaceVectors()).isTrue();
        assertThat(converter.convert(versioned("doc-1", null, "2")).mayReplaceVectors()).isTrue();
    }

    @Test
    void anEventBecomesAnUpsertOfItsDocumentVersionWithItsPassages() throws Exception {
        IndexOperation operation = converter.convert(versioned("doc-1", event("doc-1", "乡村振兴的报告。"), "3"));

        assertThat(operation.isDelete()).isFalse();
        assertThat(operation.isVectors()).isFalse();
        assertThat(operation.mayReplaceVectors()).isTrue();
        assertThat(operation.version()).isEqualTo(IndexOperation.VERSIONED + 3);
        assertThat(operation.document().collection()).isEqualTo(CollectionNames.DEFAULT);
        assertThat(operation.document().headings()).containsExactly("第一章");
        assertThat(operation.document().source()).isEqualTo("办公室");
        assertThat(operation.document().passages()).isNotEmpty();
        assertThat(operation.document().passageCount()).isEqualTo(operation.document().passages().size());
        assertThat(operation.document().ingestedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    }

    @Test
    void aTombstoneDeletesAndARecordWithoutVersionIsOrderedByItsOffset() throws Exception {
        IndexOperation operation = converter.convert(record("doc-1", null));

        assertThat(operation.isDelete()).isTrue();
        assertThat(operation.version()).isEqualTo(41);
    }

    @Test
    void aRecordNoRetryCanIndexIsMalformedWithItsReason() {
        assertThatThrownBy(() -> converter.convert(record(null, event("doc-1", "正文"))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("no key");
        assertThatThrownBy(() -> converter.convert(record("doc-1", "not json")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("not a document event");
        assertThatThrownBy(() -> converter.convert(record("doc-1", event("doc-1", "正文").replace("\"schemaVersion\": 1", "\"schemaVersion\": 2"))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("unsupported schemaVersion 2");
        assertThatThrownBy(() -> converter.convert(record("doc-2", event("doc-1", "正文"))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("differs from the record key");
        assertThatThrownBy(() -> converter.convert(record("doc-1", event("doc-1", " "))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("no body");
        assertThatThrownBy(() -> converter.convert(record("doc-1", event("doc-1", "\\u200B\\u200D"))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("no text");
        assertThatThrownBy(() -> converter.convert(versioned("doc-1", event("doc-1", "正文"), "three")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining(DocumentEvent.VERSION_HEADER);
    }

    @Test
    void aFailedRecordIsNamedByWhereItIsWithWhatCanStillBeReadOfIt() {
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        IndexingFailure readable = converter.failure(versioned("doc-1",
                event("doc-1", "正文").replace("\"schemaVersion\": 1", "\"schemaVersion\": 1, \"collection\": \"hr\""), "3"),
                "why", IndexingFailure.EMBEDDING, at);

        assertThat(readable).isEqualTo(new IndexingFailure("doc-1", "why", "documents/2/41", 41, 3,
                IndexOperation.VERSIONED + 3, at, "hr", IndexingFailure.EMBEDDING));

        IndexingFailure unreadable = converter.failure(versioned("doc-1", "not json", "x"), "why", IndexingFailure.INDEXING, at);
        assertThat(unreadable.collection()).isNull();
        assertThat(unreadable.version()).isNull();
        assertThat(unreadable.externalVersion()).isEqualTo(41);
    }
}
