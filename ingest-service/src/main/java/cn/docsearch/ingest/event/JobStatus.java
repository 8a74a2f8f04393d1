package cn.docsearch.ingest.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a job stands, on the compacted job status topic keyed by job id: written when it is queued, as it runs, and
 * once done with every item's result. A later record of a job replaces the earlier ones. Contract:
 * docs/events/job-status.schema.json.
 *
 * @param submittedBy who submitted it (the gateway's key id), who alone sees it besides admins; absent: anyone may
 * @param state  {@value #QUEUED}, {@value #RUNNING} or {@value #DONE}; a job done has {@code items}
 * @param total  items of the job, known once it runs (a zip's members count)
 * @param done   items with a result so far: accepted + duplicates + refused
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStatus(int schemaVersion, String id, String kind, String submittedBy, String state, Instant createdAt, Instant updatedAt,
                        Integer total, int done, int accepted, int duplicates, int refused, List<Item> items) {

    public static final int SCHEMA_VERSION = 1;
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";

    /**
     * One item's result: {@code accepted} or {@code duplicate} with the document, or {@code refused} with the reason
     * (as in a batch's answer).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String name, String status, String documentId, Integer version, String contentHash,
                       Refusal refusal) {
        public static final String REFUSED = "refused";
    }

    /** Why an item was refused: the problem type and HTTP status it would have had as a request of its own. */
    public record Refusal(String type, int status, String detail) {
    }

    /** Whether the caller (a key id; null: anyone, as for admins) may see this job. */
    public boolean visibleTo(String caller) {
        return caller == null || caller.equals(submittedBy);
    }

    public boolean finished() {
        return DONE.equals(state);
    }

    /** How far along a state is: a job never goes back from running to queued, nor from done. */
    public int stage() {
        return switch (state) {
            case QUEUED -> 0;
            case RUNNING -> 1;
            default -> 2;
        };
    }

    /** This status without its items: what is kept in memory of every job. */
    public JobStatus summary() {
        return items == null ? this : new JobStatus(schemaVersion, id, kind, submittedBy, state, createdAt, updatedAt, total, done,
                accepted, duplicates, refused, null);
    }
}
