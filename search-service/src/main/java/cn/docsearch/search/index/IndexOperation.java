package cn.docsearch.search.index;

/**
 * One write for the bulk request. The document version its event carries ({@code metadata.version}, or a tombstone's
 * version header) is the external version, so an older event never overwrites a newer one: not on a replay, and
 * not where offsets say nothing (a topic recreated from a backup, events of one id in two partitions after
 * partitions were added). The indexing stage writes only a strictly newer version (a replay of the same event is a
 * no-op); the embedding stage rewrites the same version with its vectors added.
 */
public record IndexOperation(String id, long version, IndexedDocument document, boolean sameVersionReplaces) {
    /** The version of a tombstone written before tombstones carried one: it deletes whatever is there. */
    public static final long UNVERSIONED = -1;

    public static IndexOperation upsert(String id, long version, IndexedDocument document) {
        return new IndexOperation(id, version, document, false);
    }

    public static IndexOperation delete(String id, long version) {
        return new IndexOperation(id, version, null, false);
    }

    public static IndexOperation unversionedDelete(String id) {
        return new IndexOperation(id, UNVERSIONED, null, false);
    }

    /** The document of this exact version again, now with its passage vectors. */
    public static IndexOperation embedded(String id, long version, IndexedDocument document) {
        return new IndexOperation(id, version, document, true);
    }

    public boolean isDelete() {
        return document == null;
    }
}
