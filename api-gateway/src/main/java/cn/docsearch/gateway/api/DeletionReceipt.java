package cn.docsearch.gateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The deletion is in Kafka; the document leaves search about a second later")
public record DeletionReceipt(
        @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
        @Schema(example = "deleted") String status) {
}
