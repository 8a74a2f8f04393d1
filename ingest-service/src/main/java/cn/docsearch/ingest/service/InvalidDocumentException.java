package cn.docsearch.ingest.service;

/** The submission cannot become a document; the message says why, for the caller. */
public class InvalidDocumentException extends RuntimeException {
    private final int status;

    public InvalidDocumentException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
