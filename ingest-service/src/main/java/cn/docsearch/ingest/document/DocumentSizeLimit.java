package cn.docsearch.ingest.document;

/**
 * How large one document may be, and the one refusal when it is larger (413 {@code document-too-large}): its text in
 * characters ({@code ingest.max-body-chars}), checked while a file is parsed and again on the text as stored, and its
 * event in bytes (what one record of the document topic holds), checked by the writer once the event is made.
 */
public final class DocumentSizeLimit {
    public static final String PROBLEM_TYPE = "document-too-large";

    private DocumentSizeLimit() {
    }

    /** A text of {@code chars} characters is refused above {@code maxChars}. */
    public static void requireText(int chars, int maxChars) {
        if (chars > maxChars) {
            throw tooLarge("the text has " + chars + " characters; the limit is " + maxChars);
        }
    }

    /** A text whose reading stopped at the limit: how long it is is not known, only that it is longer. */
    public static DocumentRefusedException textOverLimit(int maxChars) {
        return tooLarge("the text is longer than the limit of " + maxChars + " characters");
    }

    /** A document whose event takes {@code bytes} is refused above {@code maxBytes}. */
    public static void requireEvent(int bytes, int maxBytes) {
        if (bytes > maxBytes) {
            throw tooLarge("the document with its structure takes " + bytes + " bytes; the limit for one document is "
                    + maxBytes + " bytes");
        }
    }

    private static DocumentRefusedException tooLarge(String detail) {
        return new DocumentRefusedException(413, PROBLEM_TYPE, detail);
    }
}
