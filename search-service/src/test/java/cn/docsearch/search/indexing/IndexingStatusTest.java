package cn.docsearch.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.docsearch.search.index.IndexOperation;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.IndexingFailure;
import cn.docsearch.search.index.SearchIndex;

/** A document's status: whichever of its indexed version and its recorded failure is later, by external version. */
class IndexingStatusTest {
    private static final Instant INDEXED_AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant EMBEDDED_AT = Instant.parse("2026-12-01T10:00:05Z");
    private static final Instant FAILED_AT = Instant.parse("2026-12-01T11:00:00Z");

    private static SearchIndex.Indexed indexed(int version, Instant embeddedAt) {
        IndexedDocument document = new IndexedDocument("doc", null, "t", List.of(), null, null, List.of(), null, null, null,
                null, null, null, 1, null, version, null, INDEXED_AT, null, 1, null, null, null);
        return new SearchIndex.Indexed(document, IndexOperation.VERSIONED + version, embeddedAt);
    }

    private static IndexingFailure failure(int version, String stage) {
        return new IndexingFailure("doc", "why", "documents/0/7", 7, version, IndexOperation.VERSIONED + version, FAILED_AT,
                null, stage);
    }

    @Test
    void anIndexedDocumentIsIndexedThenEmbedded() {
        assertThat(IndexingStatus.of("doc", indexed(2, null), null)).get()
                .isEqualTo(new IndexingStatus("doc", IndexingStatus.INDEXED, 2, INDEXED_AT, null, null, null, null, null));
        assertThat(IndexingStatus.of("doc", indexed(2, EMBEDDED_AT), null)).get()
                .extracting(IndexingStatus::status).isEqualTo(IndexingStatus.EMBEDDED);
    }

    @Test
    void aLaterVersionThatFailedIsTheStatusThoughAnOlderOneIsSearchable() {
        assertThat(IndexingStatus.of("doc", indexed(2, EMBEDDED_AT), failure(3, null))).get()
                .isEqualTo(new IndexingStatus("doc", IndexingStatus.FAILED, 3, null, null, "why", FAILED_AT,
                        IndexingFailure.INDEXING, null));
        assertThat(IndexingStatus.of("doc", null, failure(1, IndexingFailure.INDEXING))).get()
                .extracting(IndexingStatus::status).isEqualTo(IndexingStatus.FAILED);
    }

    @Test
    void anEarlierFailureIsPastOnceANewerVersionIsIndexed() {
        assertThat(IndexingStatus.of("doc", indexed(4, null), failure(3, IndexingFailure.INDEXING))).get()
                .extracting(IndexingStatus::status).isEqualTo(IndexingStatus.INDEXED);
    }

    @Test
    void anEmbeddingFailureOfTheIndexedVersionLeavesItKeywordSearchableButFailed() {
        assertThat(IndexingStatus.of("doc", indexed(3, null), failure(3, IndexingFailure.EMBEDDING))).get()
                .isEqualTo(new IndexingStatus("doc", IndexingStatus.FAILED, 3, INDEXED_AT, null, "why", FAILED_AT,
                        IndexingFailure.EMBEDDING, null));
    }

    @Test
    void neitherIndexedNorFailedIsUnknown() {
        assertThat(IndexingStatus.of("doc", null, null)).isEmpty();
    }
}
