package cn.docsearch.ingest.upload;

/**
 * A change to one document as it travels to the instance that writes the document's partition (see
 * {@code PartitionWriters}): an upload ({@code draft} set) or a deletion ({@code draft} null). Internal: sent between
 * ingest-service instances as JSON, never published.
 */
public record WriteRequest(String id, String contentHash, DocumentIngestService.Draft draft, String idempotencyKey) {

    static WriteRequest upload(String id, String contentHash, DocumentIngestService.Draft draft, String idempotencyKey) {
        return new WriteRequest(id, contentHash, draft, idempotencyKey);
    }

    static WriteRequest deletion(String id) {
        return new WriteRequest(id, null, null, null);
    }

    boolean isDeletion() {
        return draft == null;
    }
}
