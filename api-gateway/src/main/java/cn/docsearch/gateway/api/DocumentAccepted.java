package cn.docsearch.gateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The document is durably in Kafka; it becomes searchable about a second later.")
public record DocumentAccepted(
        @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
        @Schema(example = "accepted") String status,
        @Schema(example = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") String contentHash,
        @Schema(example = "1532") int charCount) {
}
