package cn.docsearch.ingest.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.docsearch.ingest.upload.BatchIngestService.BatchItem;

/** Answer for a batch: one entry per document, in the order they came, each with its own result. */
public record BatchReceipt(int accepted, int duplicates, int refused, List<Item> items) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String name, String status, String id, Integer version, String contentHash, Problem problem) {
    }

    static BatchReceipt of(List<BatchItem> items) {
        List<Item> receipts = items.stream().map(item -> item.outcome() != null
                ? new Item(item.name(), item.outcome().status(), item.outcome().id(), item.outcome().version(),
                        item.outcome().contentHash(), null)
                : new Item(item.name(), "refused", null, null, null, ProblemMapper.problemOf(item.refusal()))).toList();
        return new BatchReceipt(count(receipts, "accepted"), count(receipts, "duplicate"), count(receipts, "refused"), receipts);
    }

    /** One item refused with its problem, nothing else: a single file as a batch answers it. */
    static BatchReceipt refused(String name, Problem problem) {
        return new BatchReceipt(0, 0, 1, List.of(new Item(name, "refused", null, null, null, problem)));
    }

    private static int count(List<Item> items, String status) {
        return (int) items.stream().filter(item -> status.equals(item.status())).count();
    }
}
