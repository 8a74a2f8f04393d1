package cn.docsearch.infra;

/** Limits the broker must agree on with the services' producer and consumer settings. */
final class Limits {
    /** 16 MiB: a long report with its structure fits many times over. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private Limits() {
    }
}
