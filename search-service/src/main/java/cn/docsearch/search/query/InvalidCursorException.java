package cn.docsearch.search.query;

/** A cursor this service did not write, or one sent with another search than the one it continues. */
public class InvalidCursorException extends RuntimeException {
    public InvalidCursorException(String message) {
        super(message);
    }
}
