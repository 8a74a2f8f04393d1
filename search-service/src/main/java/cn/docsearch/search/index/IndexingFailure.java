package cn.docsearch.search.index;

import java.time.Instant;

/**
 * Why a document could not be indexed, kept under its id so the API can say so (the event itself is
 * on the dead-letter topic). Removed when a later version of the document is indexed.
 */
public record IndexingFailure(String id, String reason, String origin, Instant failedAt) {
}
