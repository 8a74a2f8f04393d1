package cn.docsearch.ingest.writer;

/**
 * This instance does not (or no longer) write the partition; nothing of the write was stored, so it can be sent to
 * the partition's current owner.
 */
public class NotOwnerException extends RuntimeException {
    public NotOwnerException(int partition) {
        super("This ingest-service instance does not write partition " + partition + " now");
    }
}
