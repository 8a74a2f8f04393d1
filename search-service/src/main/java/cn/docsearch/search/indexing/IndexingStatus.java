package cn.docsearch.search.indexing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.docsearch.search.index.EmbeddingBacklog;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.IndexingFailure;
import cn.docsearch.search.index.SearchIndex;

/**
 * Whether a document is keyword-searchable ({@code indexed}), also searchable by meaning ({@code embedded}: its
 * passage vectors are in), or its latest event could not be indexed ({@code failed}, with why); {@code version} is
 * the document version that outcome is for, when known. {@code failedStage} says which stage failed: {@code indexing}
 * (not searchable in that version) or {@code embedding} (keyword-searchable, not by meaning). {@code embeddingQueue},
 * while a document is indexed and not embedded: how many documents the embedding stage has to do before it, and an
 * estimate of the wait.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexingStatus(String id, String status, Integer version, Instant indexedAt, Instant embeddedAt,
                             String reason, Instant failedAt, String failedStage, EmbeddingBacklog.EmbeddingQueue embeddingQueue) {
    public static final String INDEXED = "indexed";
    public static final String EMBEDDED = "embedded";
    public static final String FAILED = "failed";

    /** This status with where the document stands in the embedding stage's queue. */
    public IndexingStatus withEmbeddingQueue(EmbeddingBacklog.EmbeddingQueue queue) {
        return new IndexingStatus(id, status, version, indexedAt, embeddedAt, reason, failedAt, failedStage, queue);
    }

    /**
     * The document's latest outcome: indexed (keyword-searchable), embedded (also semantically searchable), or a
     * failure of a later event (a newer version that Elasticsearch refused leaves the older one searchable, and that
     * must not read as success).
     *
     * @param indexed what the index holds of the document, or null
     * @param failure the failure recorded under its id, or null
     * @return empty when there is neither
     */
    public static Optional<IndexingStatus> of(String id, SearchIndex.Indexed indexed, IndexingFailure failure) {
        // both ordered by the external version they were (or would have been) written with
        long failedVersion = failure == null ? 0 : Objects.requireNonNullElse(failure.externalVersion(), failure.offset());
        boolean failedLater = failure != null && (indexed == null || indexed.version() == null
                || failedVersion > indexed.version());
        if (failedLater) {
            return Optional.of(new IndexingStatus(id, FAILED, failure.version(), null, null, failure.reason(),
                    failure.failedAt(), failure.stage() == null ? IndexingFailure.INDEXING : failure.stage(), null));
        }
        if (indexed != null && indexed.document() != null) {
            IndexedDocument document = indexed.document();
            // the embedding stage failed on the version that is indexed: keyword-searchable, never by meaning
            if (failure != null && failure.ofEmbedding() && failedVersion == indexed.version() && indexed.embeddedAt() == null) {
                return Optional.of(new IndexingStatus(id, FAILED, document.version(), document.indexedAt(), null,
                        failure.reason(), failure.failedAt(), failure.stage(), null));
            }
            return Optional.of(new IndexingStatus(id, indexed.embeddedAt() != null ? EMBEDDED : INDEXED,
                    document.version(), document.indexedAt(), indexed.embeddedAt(), null, null, null, null));
        }
        return Optional.empty();
    }
}
