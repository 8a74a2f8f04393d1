package cn.docsearch.search.index;

/**
 * One write for the bulk request. The Kafka offset is the external version, so replaying a partition
 * never lets an older event overwrite a newer one.
 */
public record IndexOperation(String id, long version, IndexedDocument document) {

    public static IndexOperation upsert(String id, long offset, IndexedDocument document) {
        return new IndexOperation(id, offset, document);
    }

    public static IndexOperation delete(String id, long offset) {
        return new IndexOperation(id, offset, null);
    }

    public boolean isDelete() {
        return document == null;
    }
}
