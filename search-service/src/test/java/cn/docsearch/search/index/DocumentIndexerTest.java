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
    void aFirstVersionIsOneWriteAndANewVersionOrADeleteAlsoDeletesOlderVectors() {
        assertThat(DocumentIndexer.bulkOf(TARGET, IndexOperation.upsert("doc", IndexOperation.VERSIONED + 1, DOCUMENT)))
                .singleElement().satisfies(write -> assertThat(write.index().index()).isEqualTo("documents-v9"));
        for (IndexOperation later : List.of(IndexOperation.upsert("doc", IndexOperation.VERSIONED + 2, DOCUMENT),
                IndexOperation.delete("doc", IndexOperation.VERSIONED + 2))) {
            List<BulkOperation> writes = DocumentIndexer.bulkOf(TARGET, later);
            assertThat(writes).hasSize(2);
            assertThat(writes.get(1).delete().index()).isEqualTo("documents-v9-vectors");
            assertThat(writes.get(1).delete().version()).isEqualTo(IndexOperation.VERSIONED + 2);
            assertThat(writes.get(1).delete().versionType()).isEqualTo(VersionType.External);
        }
    }

    @Test
    void vectorsAreOneWriteOfTheVectorsIndexAtTheirDocumentsVersion() {
        IndexedVectors vectors = IndexedVectors.of(DOCUMENT, List.of(), Instant.now(), Instant.now());
        assertThat(DocumentIndexer.bulkOf(TARGET, IndexOperation.embedded("doc", IndexOperation.VERSIONED + 3, vectors)))
                .singleElement().satisfies(write -> {
                    assertThat(write.index().index()).isEqualTo("documents-v9-vectors");
                    assertThat(write.index().version()).isEqualTo(IndexOperation.VERSIONED + 3);
                    assertThat(write.index().versionType()).isEqualTo(VersionType.ExternalGte);
                });
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
