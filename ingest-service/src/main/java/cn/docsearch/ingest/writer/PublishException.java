package cn.docsearch.ingest.writer;

/** Kafka did not take the document in time; nothing was acknowledged to the caller. */
public class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
