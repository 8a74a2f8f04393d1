package cn.docsearch.ingest.document;

import java.util.Optional;

/**
 * Decides what a write to one document comes to, from what is known of the documents when it is decided: a new
 * document, a new version, a duplicate of a live document, a repeated request, a deletion, or a refusal. Nothing here
 * reads or writes anything: the writer of the document's partition gathers the {@link KnownState} (the registry with
 * the writes of its transaction in hand on top) and publishes what the decision says.
 */
public final class WriteRules {
    private WriteRules() {
    }

    public static WriteDecision decide(RequestedWrite write, KnownState known) {
        return write.isDeletion() ? deletion(write, known) : upload(write, known);
    }

    private static WriteDecision deletion(RequestedWrite write, KnownState known) {
        Optional<KnownDocument> live = known.latest().filter(document -> !document.deleted());
        if (live.isEmpty()) {
            return refused(DocumentRefusedException.notFound(write.id()));
        }
        // a deletion is a version too, so that the version after it never repeats one before it
        return new WriteDecision(WriteDecision.Kind.DELETION, new IngestOutcome(write.id(), IngestOutcome.DELETED, "",
                live.get().version() + 1, 0, null), null, null);
    }

    private static WriteDecision upload(RequestedWrite write, KnownState known) {
        String key = write.idempotencyKey();
        if (key != null && known.earlierForKey().isPresent()) {
            IngestOutcome earlier = known.earlierForKey().get();
            if (!earlier.contentHash().equals(write.contentHash())) {
                return refused(new IdempotencyKeyConflictException(key));
            }
            return new WriteDecision(WriteDecision.Kind.REPEATED, earlier, null, null);
        }
        if (known.sameContent().isPresent()) {
            KnownDocument same = known.sameContent().get();
            return new WriteDecision(WriteDecision.Kind.DUPLICATE, new IngestOutcome(same.id(), IngestOutcome.DUPLICATE,
                    write.contentHash(), same.version(), same.charCount(), write.title()), key, null);
        }
        // counts on across deletions, so that a version never repeats for one id
        int version = known.latest().map(KnownDocument::version).orElse(0) + 1;
        return new WriteDecision(version == 1 ? WriteDecision.Kind.NEW : WriteDecision.Kind.NEW_VERSION,
                new IngestOutcome(write.id(), IngestOutcome.ACCEPTED, write.contentHash(), version, write.charCount(),
                        write.title()), key, null);
    }

    private static WriteDecision refused(RuntimeException refusal) {
        return new WriteDecision(WriteDecision.Kind.REFUSED, null, null, refusal);
    }
}
