package cn.docsearch.ingest.writer;

import java.util.Optional;

import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.registry.DocumentTable;

/** The documents as a write sees them: the registry, with the writes of the transaction in hand on top. */
public interface DocumentView {
    /** The document unless it is deleted. */
    Optional<DocumentTable.Known> byId(String id);

    /** The document's last version, a deletion included (0 if it never existed). */
    int lastVersion(String id);

    /** The live document of the collection with this content hash. */
    Optional<DocumentTable.Known> byContentHash(String contentHash, String collection);

    /**
     * The outcome first given for this Idempotency-Key.
     *
     * @throws IdempotencyKeyConflictException when the key was used for other content
     */
    Optional<IngestOutcome> outcomeFor(String idempotencyKey, String contentHash);
}
