package cn.docsearch.ingest.upload;

import java.nio.file.Path;

import cn.docsearch.ingest.originals.OriginalFile;

/**
 * A change to one document as it travels to the instance that writes the document's partition (see
 * {@code PartitionWriters}): an upload ({@code draft} set) or a deletion ({@code draft} null). Internal: sent between
 * ingest-service instances as JSON, never published; an upload's original travels beside it as a file of its own
 * ({@link WriteForwarder}), since the path in the draft is the sender's.
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

    /** The uploaded file kept as the document's original; null for a text or a deletion. */
    public OriginalFile original() {
        return draft == null ? null : draft.original();
    }

    /** A forwarded request whose original's bytes arrived beside it, in a file of this instance. */
    public WriteRequest withOriginalAt(Path file) {
        return new WriteRequest(id, contentHash, draft.withOriginal(original().at(file)), idempotencyKey);
    }
}
