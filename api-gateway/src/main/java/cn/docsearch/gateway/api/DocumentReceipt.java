package cn.docsearch.gateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Result for one document. 'accepted' (HTTP 202): Kafka has it, searchable about a second later; "
        + "version 2 and up replace an earlier upload with the same clientId. 'duplicate' (HTTP 200): the same text "
        + "is already document 'id'; nothing new was stored.")
public record DocumentReceipt(
        @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
        @Schema(enumeration = {"accepted", "duplicate"}, example = "accepted") String status,
        @Schema(example = "关于推进乡村振兴工作的报告") String title,
        @Schema(example = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String contentHash,
        @Schema(example = "1") int version,
        @Schema(example = "1532") int charCount) {
}
