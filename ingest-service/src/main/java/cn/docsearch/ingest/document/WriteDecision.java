package cn.docsearch.ingest.document;

/**
 * What a write comes to ({@link WriteRules}). {@code outcome} is what the caller is told; {@code keyToRemember}, when
 * set, is remembered with it once the write is committed; {@code refusal} is what the caller fails with instead.
 */
public record WriteDecision(Kind kind, IngestOutcome outcome, String keyToRemember, RuntimeException refusal) {

    public enum Kind {
        /** The first version of the id: an event to publish. */
        NEW,
        /** A later version of the id (after a deletion too): an event to publish. */
        NEW_VERSION,
        /** The content is already the live document {@code outcome.id()}: nothing to publish. */
        DUPLICATE,
        /** The Idempotency-Key was used for this content before: its first outcome again, nothing to publish. */
        REPEATED,
        /** A tombstone to publish, at version {@code outcome.version()}. */
        DELETION,
        /** Refused: {@code refusal} says why. */
        REFUSED
    }

    /** Whether a document event is published. */
    public boolean publishesEvent() {
        return kind == Kind.NEW || kind == Kind.NEW_VERSION;
    }

    /** Whether a record is published for the document (its event or its tombstone), changing what is known of it. */
    public boolean changesDocument() {
        return publishesEvent() || kind == Kind.DELETION;
    }
}
