package cn.docsearch.ingest.document;

/**
 * A change asked of one document, as {@link WriteRules} takes it: an upload of content (its hash, size and title,
 * the collection it goes to, the Idempotency-Key it was sent with) or a deletion ({@code contentHash} null).
 */
public record RequestedWrite(String id, String collection, String contentHash, int charCount, String title,
                             String idempotencyKey) {

    public static RequestedWrite upload(String id, String collection, String contentHash, int charCount, String title,
                                        String idempotencyKey) {
        return new RequestedWrite(id, collection, contentHash, charCount, title, idempotencyKey);
    }

    /** The deletion of a document; its collection is the one the document has. */
    public static RequestedWrite deletion(String id) {
        return new RequestedWrite(id, null, null, 0, null, null);
    }

    public boolean isDeletion() {
        return contentHash == null;
    }
}
