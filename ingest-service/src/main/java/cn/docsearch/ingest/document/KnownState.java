package cn.docsearch.ingest.document;

import java.util.Optional;

/**
 * What is known, at the moment a write is decided, of the documents it touches.
 *
 * @param latest         the id's latest state, a deletion included (empty if the id was never written)
 * @param sameContent    the live document of the write's collection with the write's content hash
 * @param earlierForKey  the outcome first given for the write's Idempotency-Key, whatever content it was for
 */
public record KnownState(Optional<KnownDocument> latest, Optional<KnownDocument> sameContent,
                         Optional<IngestOutcome> earlierForKey) {

    public static final KnownState NOTHING = new KnownState(Optional.empty(), Optional.empty(), Optional.empty());
}
