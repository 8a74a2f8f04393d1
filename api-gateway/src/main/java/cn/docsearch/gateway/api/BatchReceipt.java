package cn.docsearch.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

@Schema(description = "Result for a batch: one item per document, in order. A refused item carries its own problem; "
        + "the others are stored regardless.")
public record BatchReceipt(
        @Schema(example = "2") int accepted,
        @Schema(example = "0") int duplicates,
        @Schema(example = "1") int refused,
        List<Item> items) {

    @Schema(name = "BatchItem")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            @Schema(description = "File name (zip members as archive/path), or documents[i] for JSON batches",
                    example = "材料.zip/讲话稿.docx") String name,
            @Schema(enumeration = {"accepted", "duplicate", "refused"}, example = "accepted") String status,
            @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
            Integer version,
            String contentHash,
            @Schema(description = "Why the item was refused") Problem problem) {
    }
}
