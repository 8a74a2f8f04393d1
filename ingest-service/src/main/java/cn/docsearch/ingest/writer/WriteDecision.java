package cn.docsearch.ingest.writer;

import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.event.DocumentEvent;
import cn.docsearch.ingest.event.DocumentState;
import cn.docsearch.ingest.registry.DocumentTable;

/**
 * What a write comes to: an event to publish, a deletion to publish, or nothing (a duplicate, a repeated
 * Idempotency-Key). {@code idempotencyKey}, when given, is remembered with the outcome once the write is committed.
 */
public record WriteDecision(IngestOutcome outcome, DocumentEvent event, DocumentTable.Known deletion, String idempotencyKey) {

    public static WriteDecision publish(DocumentEvent event, IngestOutcome outcome, String idempotencyKey) {
        return new WriteDecision(outcome, event, null, idempotencyKey);
    }

    public static WriteDecision delete(String id, int version, String collection) {
        return new WriteDecision(new IngestOutcome(id, "deleted", "", version, 0, null), null,
                new DocumentTable.Known(id, "", version, 0, DocumentState.versionedOrder(version), true, collection),
                null);
    }

    public static WriteDecision unchanged(IngestOutcome outcome, String idempotencyKey) {
        return new WriteDecision(outcome, null, null, idempotencyKey);
    }

    /** The document's state after this write, or null when nothing is published. */
    DocumentTable.Known state() {
        if (deletion != null) {
            return deletion;
        }
        return event == null ? null : new DocumentTable.Known(event.id(), event.contentHash(), event.metadata().version(),
                event.metadata().charCount(), DocumentState.versionedOrder(event.metadata().version()),
                false, event.collection());
    }
}
