package cn.docsearch.ingest.event;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.docsearch.contract.CollectionNames;

/**
 * The record of one document on the registry topic, keyed by document id and written in the same Kafka transaction
 * as the document's event or tombstone: what ingest-service must know of a document (its version, content hash and
 * whether it is deleted) without its text, so that a start-up reads some 150 bytes per document, not the documents.
 * A deletion is a record too (not a tombstone), so that versions count on after it. Contract:
 * docs/events/document-state.schema.json.
 *
 * @param order          ranks two records of one id: {@code 2^40 + version} for a record that carries its version,
 *                       the event's offset for one from before versions were carried (as in Elasticsearch)
 * @param idempotencyKey the key the upload was sent with, remembered for {@code ingest.idempotency-key-retention}
 * @param collection     the document's collection; absent for {@code default} (and in records from before collections)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentState(int schemaVersion, int version, long order, String contentHash, int charCount,
                            boolean deleted, String idempotencyKey, Instant ingestedAt, String collection) {

    /** A collection as the record carries it: the default one is left out (most documents, a few bytes each). */
    public static String collectionOrNull(String collection) {
        return collection == null || collection.equals(CollectionNames.DEFAULT) ? null : collection;
    }

    public static final int SCHEMA_VERSION = 1;
    /**
     * Key of the record written to a partition of the registry topic once every event its partition of the document
     * topic held before is in it (a topic written by a release without the registry topic is taken over this way).
     */
    public static final String BACKFILLED_KEY = "~backfilled";
    /** Orders of records that carry their version start here, above every offset. */
    public static final long VERSIONED_ORDER_BASE = 1L << 40;

    public static long versionedOrder(int version) {
        return VERSIONED_ORDER_BASE + version;
    }
}
