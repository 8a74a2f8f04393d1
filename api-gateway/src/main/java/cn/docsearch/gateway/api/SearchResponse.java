package cn.docsearch.gateway.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "One page of search results, best first")
public record SearchResponse(
        @Schema(description = "Number of matching documents", example = "42") long total,
        @Schema(example = "1") int page,
        @Schema(example = "10") int size,
        @Schema(description = "Time Elasticsearch spent, in milliseconds", example = "12") long tookMs,
        List<Hit> hits) {

    @Schema(name = "SearchHit")
    public record Hit(
            @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
            @Schema(example = "关于推进乡村振兴工作的报告") String title,
            @Schema(example = "7.31") double score,
            @Schema(description = "The title, HTML-escaped, matches in <em>", example = "关于推进<em>乡村振兴</em>工作的报告")
            String titleHighlight,
            @Schema(description = "Up to three fragments of the text, HTML-escaped, matches in <em>",
                    example = "[\"我县坚持农业农村优先发展，全面推进<em>乡村振兴</em>。\"]")
            List<String> highlights,
            @Schema(example = "县政府办公室") String source,
            List<String> tags,
            @Schema(example = "2023-01-17") String documentDate,
            @Schema(example = "乡村振兴工作报告.docx") String fileName,
            Instant ingestedAt) {
    }
}
