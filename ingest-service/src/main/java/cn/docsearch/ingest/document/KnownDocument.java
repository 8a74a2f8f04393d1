package cn.docsearch.ingest.document;

import cn.docsearch.contract.CollectionNames;

/**
 * A document as last seen by this service: its latest version, content hash and size, or its deletion ({@code
 * deleted}, whose version is the deletion's). {@code order} ranks two states of one id: a higher order replaces a lower
 * (equal replaces too).
 */
public record KnownDocument(String id, String contentHash, int version, int charCount, long order, boolean deleted,
                            String collection) {
    public KnownDocument {
        collection = collection == null ? CollectionNames.DEFAULT : collection;
    }

    /** A state of the default collection. */
    public KnownDocument(String id, String contentHash, int version, int charCount, long order, boolean deleted) {
        this(id, contentHash, version, charCount, order, deleted, CollectionNames.DEFAULT);
    }
}
