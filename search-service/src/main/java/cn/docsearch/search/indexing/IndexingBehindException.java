package cn.docsearch.search.indexing;

import cn.docsearch.search.index.TransientIndexingException;

/**
 * The embedding stage got ahead of the indexing stage: normal, brief, and not a failure, so it is retried at a short
 * fixed interval rather than with a growing backoff.
 */
class IndexingBehindException extends TransientIndexingException {
    static final long RETRY_MILLIS = 250;

    IndexingBehindException(String message) {
        super(message, null);
    }
}
