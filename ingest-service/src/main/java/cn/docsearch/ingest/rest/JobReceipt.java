package cn.docsearch.ingest.rest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.event.JobStatus;

/**
 * A bulk job as its client sees it: where it stands and, once {@code done}, one result per item in the shape of a
 * batch's answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobReceipt(String id, String kind, String submittedBy, String state, Instant createdAt, Instant updatedAt, Integer total,
                         int done, int accepted, int duplicates, int refused, List<BatchReceipt.Item> items) {

    static JobReceipt of(JobStatus status) {
        List<BatchReceipt.Item> items = status.items() == null ? null : status.items().stream().map(item -> item.refusal() == null
                ? new BatchReceipt.Item(item.name(), item.status(), item.documentId(), item.version(), item.contentHash(), null)
                : new BatchReceipt.Item(item.name(), item.status(), null, null, null, ProblemMapper.problemOf(
                        new DocumentRefusedException(item.refusal().status(), item.refusal().type(), item.refusal().detail()))))
                .toList();
        return new JobReceipt(status.id(), status.kind(), status.submittedBy(), status.state(), status.createdAt(), status.updatedAt(),
                status.total(), status.done(), status.accepted(), status.duplicates(), status.refused(), items);
    }

    /** The most recent jobs, without their items. */
    public record Recent(List<JobReceipt> jobs) {
    }
}
