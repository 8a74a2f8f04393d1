package cn.docsearch.ingest.originals;

import java.util.List;

/**
 * The record of a document's original on the manifest topic, keyed by the document's id: what the file is, and the
 * offsets of its chunks on the chunk topic (same partition number as the manifest), in order. Written in the same
 * transaction as the chunks and the document's event, once the chunks' offsets are known; a tombstone when the
 * document is deleted or replaced by a version without a file.
 *
 * @param version the document version whose file it is
 */
public record OriginalManifest(int schemaVersion, int version, String fileName, String contentType, long size,
                               String sha256, List<Long> chunkOffsets) {
    public static final int SCHEMA_VERSION = 1;

    public static OriginalManifest of(OriginalFile original, int version, List<Long> chunkOffsets) {
        return new OriginalManifest(SCHEMA_VERSION, version, original.fileName(), original.contentType(), original.size(),
                original.sha256(), List.copyOf(chunkOffsets));
    }

    public int chunkCount() {
        return chunkOffsets.size();
    }
}
