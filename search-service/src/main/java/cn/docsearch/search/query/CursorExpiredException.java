package cn.docsearch.search.query;

/**
 * A keyword cursor whose point in time Elasticsearch no longer keeps: not followed within its keep-alive, or the index
 * was rebuilt since. The walk has to start again from the first page.
 */
public class CursorExpiredException extends RuntimeException {
    public CursorExpiredException(String message) {
        super(message);
    }
}
