package cn.docsearch.ingest.document;

/**
 * A submission that cannot become a document. Carries what the caller sees: an HTTP status, a stable
 * problem type and a reason that names the file when there is one.
 */
public class DocumentRefusedException extends RuntimeException {
    private final int status;
    private final String problemType;

    public DocumentRefusedException(int status, String problemType, String detail) {
        super(detail);
        this.status = status;
        this.problemType = problemType;
    }

    public static DocumentRefusedException invalid(String detail) {
        return new DocumentRefusedException(400, "invalid-document", detail);
    }

    /** No document under the id, or one the caller may not see (answered alike). */
    public static DocumentRefusedException notFound(String id) {
        return new DocumentRefusedException(404, "document-not-found", "No document with id " + id);
    }

    /**
     * A document that held characters, none of which carries text once {@code DocumentText}'s rule has removed the
     * invisible ones: no stage could index it, so it is refused at the door.
     */
    public static DocumentRefusedException onlyInvisibleCharacters() {
        return new DocumentRefusedException(422, "no-text", "the document has no text: it holds only control, zero-width"
                + " or format characters (such as U+0000, U+200B, U+200D, U+FEFF or direction marks), which carry no text"
                + " and are removed; send the text itself");
    }

    public int status() {
        return status;
    }

    public String problemType() {
        return problemType;
    }

    /** The same refusal, its reason prefixed with the file it concerns. */
    public DocumentRefusedException forFile(String fileName) {
        return new DocumentRefusedException(status, problemType, fileName + ": " + getMessage());
    }
}
