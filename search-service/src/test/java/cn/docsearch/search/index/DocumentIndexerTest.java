package cn.docsearch.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;

/** How a bulk item is classified: written, refused for good (its reason), or worth a retry of the batch. */
class DocumentIndexerTest {

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
