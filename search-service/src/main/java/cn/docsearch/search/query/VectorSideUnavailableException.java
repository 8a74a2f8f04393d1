package cn.docsearch.search.query;

/** A semantic or hybrid search's vector side could not be had in time; its keyword side can still answer. */
class VectorSideUnavailableException extends RuntimeException {
    VectorSideUnavailableException(String message) {
        super(message);
    }
}
