package cn.docsearch.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;

/**
 * What a write sends (a document, its vectors, and the delete of an older version's vectors only where there can be
 * one), and how a bulk item is classified: written, refused for good (its reason), or worth a retry of the batch.
 */
class DocumentIndexerTest {
    private static final IndexTarget TARGET = new IndexTarget("documents-v9", true);
    private static final IndexedDocument DOCUMENT = new IndexedDocument("doc", "default", "通知", List.of(), "正文", null,
            List.of(), null, null, null, null, null, null, 2, null, 1, null, Instant.now(), List.of(), 0, null, null, null);

    @Test
    void aFirstVersionDeletesNoVectorsAndANewVersionOrADeleteDeletesOlderOnes() {
        IndexOperation first = IndexOperation.upsert("doc", IndexOperation.VERSIONED + 1, DOCUMENT);
        assertThat(DocumentIndexer.writeOf(TARGET, first).index().index()).isEqualTo("documents-v9");
        assertThat(DocumentIndexer.vectorsDeleteOf(TARGET, first)).isEmpty();
        for (IndexOperation later : List.of(IndexOperation.upsert("doc", IndexOperation.VERSIONED + 2, DOCUMENT),
                IndexOperation.delete("doc", IndexOperation.VERSIONED + 2))) {
            BulkOperation delete = DocumentIndexer.vectorsDeleteOf(TARGET, later).orElseThrow();
            assertThat(delete.delete().index()).isEqualTo("documents-v9-vectors");
            assertThat(delete.delete().version()).isEqualTo(IndexOperation.VERSIONED + 2);
            assertThat(delete.delete().versionType()).isEqualTo(VersionType.External);
        }
    }

    @Test
    void vectorsAreOneWriteOfTheVectorsIndexAtTheirDocumentsVersion() {
        IndexedVectors vectors = IndexedVectors.of(DOCUMENT, List.of(), Instant.now(), Instant.now());
        IndexOperation embedded = IndexOperation.embedded("doc", IndexOperation.VERSIONED + 3, vectors);
        BulkOperation write = DocumentIndexer.writeOf(TARGET, embedded);
        assertThat(write.index().index()).isEqualTo("documents-v9-vectors");
        assertThat(write.index().version()).isEqualTo(IndexOperation.VERSIONED + 3);
        assertThat(write.index().versionType()).isEqualTo(VersionType.ExternalGte);
        assertThat(DocumentIndexer.vectorsDeleteOf(TARGET, embedded)).isEmpty();
    }

    private static BulkResponseItem item(int status, String errorType) {
        return BulkResponseItem.of(b -> {
            b.operationType(OperationType.Index).index("documents-v5").id("doc").status(status);
            return errorType == null ? b : b.error(e -> e.type(errorType).reason("because"));
        });
    }

    @Test
    void aWrittenItemOrANewerVersionAlreadyThereIsDone() throws Exception {
        assertThat(DocumentIndexer.classify(item(201, null))).isNull();
        assertThat(DocumentIndexer.classify(item(409, "version_conflict_engine_exception"))).isNull();
    }

    @Test
    void aDocumentElasticsearchRefusesIsRejectedWithItsReason() throws Exception {
        assertThat(DocumentIndexer.classify(item(400, "document_parsing_exception")))
                .isEqualTo("document_parsing_exception: because");
    }

    @Test
    void aBusyOrFailingNodeIsTransient() {
        assertThatThrownBy(() -> DocumentIndexer.classify(item(429, "es_rejected_execution_exception")))
                .isInstanceOf(TransientIndexingException.class).hasMessageContaining("429");
        assertThatThrownBy(() -> DocumentIndexer.classify(item(503, "unavailable_shards_exception")))
                .isInstanceOf(TransientIndexingException.class).hasMessageContaining("503");
    }
}
