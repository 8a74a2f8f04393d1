package cn.docsearch.search.index;

import java.time.Instant;

/**
 * Why a document could not be indexed, kept under its id so the API can say so (the event itself is
 * on the dead-letter topic, at {@code origin}). {@code externalVersion} is what the failed record would have been
 * written with: it orders the failure against the indexed document, and whichever is later is the document's state
 * (a failure recorded before this field existed is ordered by its {@code offset}). {@code version} is the document
 * version the failed event carried, when it could be read, and {@code collection} its collection (null when unreadable:
 * then only callers of every collection see the failure). {@code stage} is the stage that failed: {@code indexing}
 * (the document is not searchable in that version) or {@code embedding} (keyword-searchable, not by meaning); null on
 * records from before stages were named, which were all of indexing. Removed when a later version of the document is
 * indexed.
 */
public record IndexingFailure(String id, String reason, String origin, long offset, Integer version, Long externalVersion,
                              Instant failedAt, String collection, String stage) {
    public static final String INDEXING = "indexing";
    public static final String EMBEDDING = "embedding";

    /** Whether the failure is of the embedding stage, which leaves the same version keyword-searchable. */
    public boolean ofEmbedding() {
        return EMBEDDING.equals(stage);
    }
}
