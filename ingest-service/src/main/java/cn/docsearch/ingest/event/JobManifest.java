package cn.docsearch.ingest.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The last record of a job's input on the job input topic, keyed by job id: what the job is, written once all its
 * pieces (the uploaded files, or the JSON batch, cut into records of at most {@code 1 MiB}) are in Kafka. A job whose
 * manifest never came was never acknowledged to its client and is dropped. Contract:
 * docs/events/job-manifest.schema.json.
 *
 * @param kind  {@value #FILES} (uploaded files, zips expanded when the job runs) or {@value #DOCUMENTS} (a JSON
 *              batch {@code {"documents": [...]}})
 * @param files one entry per uploaded file (one for a JSON batch), in the order of their pieces' file numbers
 * @param collection where the files' documents go (a JSON batch's documents each say theirs); absent in manifests
 *                   written before collections: {@code default}
 * @param submittedBy who submitted the job (the gateway's key id)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobManifest(int schemaVersion, String id, String kind, List<InputFile> files, String source,
                          List<String> tags, String collection, String submittedBy, Instant createdAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILES = "files";
    public static final String DOCUMENTS = "documents";

    /** An uploaded file of the job: its name and its size, which its pieces must add up to. */
    public record InputFile(String name, long bytes) {
    }
}
