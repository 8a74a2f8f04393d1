package cn.docsearch.gateway.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

@Schema(description = "A bulk job: where it stands and, once done, one result per item (a zip's members each count), "
        + "in the shape of a batch's items.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Job(
        @Schema(example = "0b9a5a59-2d8e-4a8e-9b1f-6a3c1d2e4f50") String id,
        @Schema(enumeration = {"documents", "files"}, description = "A JSON batch, or uploaded files") String kind,
        @Schema(description = "Id of the key that submitted it: a writer sees its own jobs, an admin everyone's")
        String submittedBy,
        @Schema(enumeration = {"queued", "running", "done"}, example = "running") String state,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "Items in the job, known once it runs (a zip's members count)", example = "1000") Integer total,
        @Schema(description = "Items with a result so far", example = "400") int done,
        @Schema(example = "398") int accepted,
        @Schema(example = "1") int duplicates,
        @Schema(example = "1") int refused,
        @Schema(description = "One result per item, in order; only once the job is done") List<BatchReceipt.Item> items) {

    @Schema(name = "RecentJobs", description = "The most recent jobs first, without their items")
    public record Recent(List<Job> jobs) {
    }
}
