package cn.docsearch.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A document to ingest. Only 'content' is required.")
public record DocumentSubmission(
        @Schema(description = "Title; when absent, the first line of the content", example = "关于推进乡村振兴工作的报告")
        String title,
        @Schema(required = true, description = "Full text of the document", example = "今年以来，我县坚持以人民为中心，全面推进乡村振兴……")
        String content,
        @Schema(description = "Where the document comes from", example = "县政府办公室")
        String source,
        @Schema(description = "Free tags", example = "[\"乡村振兴\", \"报告\"]")
        List<String> tags,
        @Schema(description = "Your own id for this document: uploading again with the same clientId replaces it",
                example = "report-2024-017")
        String clientId,
        @Schema(description = "The collection it goes to (the key must have it); default: the key's first collection",
                example = "default")
        String collection) {

    /** The same submission, to the given collection. */
    public DocumentSubmission inCollection(String target) {
        return new DocumentSubmission(title, content, source, tags, clientId, target);
    }
}
