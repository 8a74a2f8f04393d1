package cn.docsearch.search.indexing;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.EmbeddingBacklog;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.IndexingFailure;
import cn.docsearch.search.index.SearchIndex;

/** Where a document stands in the stages, as the status API shows it ({@link IndexingStatus#of}). */
@ApplicationScoped
public class IndexingStatuses {
    /** The document's text is not needed to tell its status. */
    private static final List<String> UNREAD = List.of("body", IndexedDocument.PASSAGES);

    private final SearchIndex searchIndex;
    private final EmbeddingBacklog backlog;

    public IndexingStatuses(SearchIndex searchIndex, EmbeddingBacklog backlog) {
        this.searchIndex = searchIndex;
        this.backlog = backlog;
    }

    /** @return empty when the document is unknown, or outside the caller's scope */
    public Optional<IndexingStatus> status(String id, CollectionScope scope) throws IOException {
        SearchIndex.Indexed indexed = searchIndex.indexed(id, UNREAD).orElse(null);
        IndexingFailure failure = searchIndex.failure(id).orElse(null);
        // what the caller may not see does not exist for it; an unreadable event's failure only for callers of all
        if (indexed != null && indexed.document() != null && !scope.admits(indexed.document().collection())
                || failure != null && !scope.admitsFailureOf(failure.collection())) {
            return Optional.empty();
        }
        Optional<IndexingStatus> status = IndexingStatus.of(id, indexed, failure);
        if (status.isPresent() && IndexingStatus.INDEXED.equals(status.get().status()) && status.get().indexedAt() != null) {
            return Optional.of(status.get().withEmbeddingQueue(backlog.ahead(status.get().indexedAt())));
        }
        return status;
    }
}
