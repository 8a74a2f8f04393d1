package cn.docsearch.gateway.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A searchable document")
public record DocumentDetails(
        @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
        @Schema(description = "The collection it belongs to", example = "default") String collection,
        @Schema(example = "关于推进乡村振兴工作的报告") String title,
        @Schema(description = "Headings found in the document, in order", example = "[\"一、总体情况\", \"（一）产业发展\"]")
        List<String> headings,
        @Schema(example = "今年以来，我县坚持以人民为中心……") String body,
        @Schema(example = "县政府办公室") String source,
        List<String> tags,
        @Schema(description = "From the file's properties") String author,
        @Schema(description = "From the file's properties, else the date written in the text", example = "2023-01-17")
        String documentDate,
        @Schema(example = "乡村振兴工作报告.docx") String fileName,
        @Schema(example = "report-2024-017") String clientId,
        @Schema(description = "Detected type", example = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        String contentType,
        String contentHash,
        Integer charCount,
        Integer pageCount,
        @Schema(description = "1, then +1 each time the same clientId brought new text") Integer version,
        @Schema(description = "Passages the text was cut into (at most about 400 characters each)", example = "12")
        Integer passageCount,
        Instant ingestedAt,
        Instant indexedAt,
        @Schema(description = "When its passage vectors were written; absent until then") Instant embeddedAt) {
}
