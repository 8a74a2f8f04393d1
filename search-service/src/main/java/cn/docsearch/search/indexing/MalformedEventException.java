package cn.docsearch.search.indexing;

/** An event that no retry can index: it goes to the dead-letter topic with this message as the reason. */
public class MalformedEventException extends Exception {
    public MalformedEventException(String message) {
        super(message);
    }
}
