package cn.docsearch.search.index;

import java.time.Instant;

/**
 * Why a document could not be indexed, kept under its id so the API can say so (the event itself is
 * on the dead-letter topic, at {@code origin} and {@code offset}). {@code version} is the document version the
 * failed event carried, when it could be read: it orders the failure against the indexed document, whose external
 * version is its document version, and whichever is later is the document's state (without a version, the time
 * decides). Removed when a later version of the document is indexed.
 */
public record IndexingFailure(String id, String reason, String origin, long offset, Integer version, Instant failedAt) {
}
