package cn.docsearch.gateway.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A searchable document")
public record DocumentDetails(
        @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
        @Schema(example = "关于推进乡村振兴工作的报告") String title,
        @Schema(example = "今年以来，我县坚持以人民为中心……") String body,
        @Schema(example = "县政府办公室") String source,
        List<String> tags,
        @Schema(example = "report-2024-017") String clientId,
        @Schema(example = "text/plain") String contentType,
        String contentHash,
        Integer charCount,
        Instant ingestedAt,
        Instant indexedAt) {
}
