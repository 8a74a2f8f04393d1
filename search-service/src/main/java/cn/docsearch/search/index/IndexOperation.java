package cn.docsearch.search.index;

/**
 * One write for the bulk request. The Kafka offset is the external version, so replaying a partition never lets
 * an older event overwrite a newer one. The indexing stage writes only a strictly newer version (a replay of the
 * same event is a no-op); the embedding stage rewrites the same version with its vectors added.
 */
public record IndexOperation(String id, long version, IndexedDocument document, boolean sameVersionReplaces) {

    public static IndexOperation upsert(String id, long offset, IndexedDocument document) {
        return new IndexOperation(id, offset, document, false);
    }

    public static IndexOperation delete(String id, long offset) {
        return new IndexOperation(id, offset, null, false);
    }

    /** The document of this exact version again, now with its passage vectors. */
    public static IndexOperation embedded(String id, long offset, IndexedDocument document) {
        return new IndexOperation(id, offset, document, true);
    }

    public boolean isDelete() {
        return document == null;
    }
}
