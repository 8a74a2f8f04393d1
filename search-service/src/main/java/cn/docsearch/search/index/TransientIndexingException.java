package cn.docsearch.search.index;

/** A write that failed for a reason that may pass: the batch is retried with backoff, offsets not committed. */
public class TransientIndexingException extends Exception {
    public TransientIndexingException(String message, Throwable cause) {
        super(message, cause);
    }
}
