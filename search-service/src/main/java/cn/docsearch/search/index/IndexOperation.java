package cn.docsearch.search.index;

/**
 * One write for the bulk request, with the external version Elasticsearch orders a document's writes by (see
 * {@code DocumentEventConverter.externalVersion}): {@link #VERSIONED} plus the document version the record carries,
 * or, for a record from before records carried one, its offset. So an older record never overwrites a newer one. The
 * indexing stage writes only a strictly newer version (a replay of the same event is a no-op); the embedding stage
 * rewrites the same version with its vectors added.
 */
public record IndexOperation(String id, long version, IndexedDocument document, boolean sameVersionReplaces) {
    /** Above every offset a partition will reach (2^40): a versioned record is newer than every unversioned one. */
    public static final long VERSIONED = 1L << 40;

    public static IndexOperation upsert(String id, long version, IndexedDocument document) {
        return new IndexOperation(id, version, document, false);
    }

    public static IndexOperation delete(String id, long version) {
        return new IndexOperation(id, version, null, false);
    }

    /** The document of this exact version again, now with its passage vectors. */
    public static IndexOperation embedded(String id, long version, IndexedDocument document) {
        return new IndexOperation(id, version, document, true);
    }

    public boolean isDelete() {
        return document == null;
    }
}
