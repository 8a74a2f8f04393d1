package cn.docsearch.ingest.document;

/**
 * What happened to one document: {@code accepted} (Kafka has it; version 2 and up replace an earlier
 * upload with the same client id), {@code duplicate} (this content is already document {@code id};
 * nothing was published) or {@code deleted} (its tombstone is published).
 */
public record IngestOutcome(String id, String status, String contentHash, int version, int charCount, String title) {
    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String DELETED = "deleted";

    public boolean accepted() {
        return ACCEPTED.equals(status);
    }
}
