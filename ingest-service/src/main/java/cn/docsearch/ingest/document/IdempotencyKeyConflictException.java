package cn.docsearch.ingest.document;

/** An Idempotency-Key seen before with different content: retrying is safe only with the same request. */
public class IdempotencyKeyConflictException extends RuntimeException {
    public IdempotencyKeyConflictException(String key) {
        super("Idempotency-Key '" + key + "' was already used for a different document; use a new key for new content");
    }
}
