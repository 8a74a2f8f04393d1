package cn.docsearch.search.index;

/**
 * One write for the bulk request, with the external version Elasticsearch orders a document's writes by (see
 * {@code DocumentEventConverter.externalVersion}): {@link #VERSIONED} plus the document version the record carries,
 * or, for a record from before records carried one, its offset. So an older record never overwrites a newer one. The
 * indexing stage writes a document (or its delete) only over an older version (a replay of the same event is a
 * no-op); the embedding stage writes the vectors of exactly that version into the vectors index.
 */
public record IndexOperation(String id, long version, IndexedDocument document, IndexedVectors vectors) {
    /** Above every offset a partition will reach (2^40): a versioned record is newer than every unversioned one. */
    public static final long VERSIONED = 1L << 40;

    public static IndexOperation upsert(String id, long version, IndexedDocument document) {
        return new IndexOperation(id, version, document, null);
    }

    public static IndexOperation delete(String id, long version) {
        return new IndexOperation(id, version, null, null);
    }

    /** The passage vectors of this exact version of the document. */
    public static IndexOperation embedded(String id, long version, IndexedVectors vectors) {
        return new IndexOperation(id, version, null, vectors);
    }

    public boolean isDelete() {
        return document == null && vectors == null;
    }

    public boolean isVectors() {
        return vectors != null;
    }

    /**
     * Whether an earlier version of the document may have vectors: not for the first version of a versioned document,
     * the common case of a bulk load, whose delete of vectors that are not there would cost Elasticsearch a write.
     */
    public boolean mayReplaceVectors() {
        return isDelete() || version != VERSIONED + 1;
    }
}
