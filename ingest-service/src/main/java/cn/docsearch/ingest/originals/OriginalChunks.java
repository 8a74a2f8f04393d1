package cn.docsearch.ingest.originals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How an original is cut into chunk records: a file may be larger than the largest record (50 MB against 16 MiB), and
 * chunks of a bounded size keep every fetch of a download small. Chunk {@code n} of a document is keyed
 * {@code <id>/<n>}, so a new version overwrites the chunks it has in common with the one before, and compaction keeps
 * only the latest of each.
 */
public final class OriginalChunks {

    private OriginalChunks() {
    }

    public static String key(String id, int index) {
        return id + "/" + index;
    }

    /** Chunks a file of this size is cut into (at least one: an empty file is never accepted, but would have one). */
    public static int count(long size, int chunkBytes) {
        return (int) Math.max(1, (size + chunkBytes - 1) / chunkBytes);
    }

    /**
     * The file's bytes cut into chunks, all read before any is sent: a file that cannot be read fails its write alone,
     * never leaving some chunks of it in the transaction.
     *
     * @throws IOException also when the file no longer has the size it had when it was uploaded
     */
    public static List<byte[]> read(OriginalFile original, int chunkBytes) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long left = original.size();
        try (InputStream in = Files.newInputStream(original.file())) {
            for (int i = 0; i < count(original.size(), chunkBytes); i++) {
                byte[] chunk = in.readNBytes((int) Math.min(chunkBytes, left));
                left -= chunk.length;
                chunks.add(chunk);
            }
            if (left != 0 || in.read() != -1) {
                throw new IOException("the uploaded file changed size before it was stored");
            }
        }
        return chunks;
    }

    /** Keys of the previous original's chunks that the new one does not overwrite: to be tombstoned. */
    public static List<String> leftOver(String id, int previousCount, int newCount) {
        return IntStream.range(newCount, Math.max(newCount, previousCount)).mapToObj(i -> key(id, i)).toList();
    }
}
