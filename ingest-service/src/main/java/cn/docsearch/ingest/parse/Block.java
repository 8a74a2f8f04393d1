package cn.docsearch.ingest.parse;

/**
 * A unit of text as the parser saw it: a heading with an explicit level (HTML h1-h6, Word heading
 * styles), or a run of text whose structure is still to be recovered.
 */
record Block(int headingLevel, String text) {
    static final int TEXT = 0;

    static Block heading(int level, String text) {
        return new Block(level, text);
    }

    static Block text(String text) {
        return new Block(TEXT, text);
    }

    boolean isHeading() {
        return headingLevel != TEXT;
    }
}
