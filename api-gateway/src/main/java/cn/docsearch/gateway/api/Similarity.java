package cn.docsearch.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API models of "similar and copied": similar documents, similar passages, duplicates. */
public final class Similarity {
    private Similarity() {
    }

    @Schema(name = "SimilarDocuments", description = "Other documents closest in meaning, most similar first")
    public record SimilarDocuments(@Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
                                   List<SimilarDocument> documents) {
    }

    @Schema(name = "SimilarDocument")
    public record SimilarDocument(
            @Schema(example = "0b7d2c1e-8a55-3f0e-b3a1-4c2d9e8f7a61") String id,
            @Schema(example = "关于推进乡村振兴工作的报告") String title,
            @Schema(description = "Cosine similarity of its nearest passage to this document's overall meaning",
                    example = "0.78") double similarity) {
    }

    @Schema(name = "SimilarPassagesRequest")
    public record SimilarPassagesRequest(
            @Schema(description = "The paragraph to look for, at most 2000 characters", required = true,
                    example = "我县依托龙头企业发展食用菌产业，由龙头企业提供菌种、技术和保底收购，带动农户增收。")
            String text,
            @Schema(description = "Passages to return, 1 to 100 (default 10)", example = "5") Integer size) {
    }

    @Schema(name = "SimilarPassages")
    public record SimilarPassages(
            @Schema(description = "Similarity at or above which a passage counts as a copy", example = "0.87") double threshold,
            List<SimilarPassage> passages) {
    }

    @Schema(name = "SimilarPassage")
    public record SimilarPassage(
            @Schema(example = "0b7d2c1e-8a55-3f0e-b3a1-4c2d9e8f7a61") String documentId,
            @Schema(example = "2024年食用菌产业发展情况报告") String title,
            @Schema(example = "4") int position,
            @Schema(example = "[\"二、主要做法\"]") List<String> headings,
            @Schema(description = "The stored passage, plain text") String text,
            @Schema(example = "0.95") double similarity,
            @Schema(description = "True when the similarity reaches the copy threshold: the same paragraph with a few "
                    + "words changed, sentences reordered or names masked") boolean copied) {
    }

    @Schema(name = "DuplicateReport", description = "Documents sharing near-identical passages with this one, most of "
            + "this document covered first")
    public record DuplicateReport(
            @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
            @Schema(description = "Passages of this document compared (the first 500 of a longer one)", example = "12")
            int passagesCompared,
            @Schema(description = "Similarity at or above which two passages count as near-identical", example = "0.87")
            double threshold,
            List<Duplicate> documents) {
    }

    @Schema(name = "Duplicate")
    public record Duplicate(
            @Schema(example = "0b7d2c1e-8a55-3f0e-b3a1-4c2d9e8f7a61") String id,
            @Schema(example = "学习心得体会") String title,
            @Schema(description = "Share of this document's text in passages with a near-identical counterpart there",
                    example = "0.25") double coverage,
            List<PassagePair> pairs) {
    }

    @Schema(name = "PassagePair")
    public record PassagePair(
            @Schema(description = "Position of the passage in this document", example = "2") int position,
            @Schema(description = "Position of its counterpart in the other document", example = "5") int otherPosition,
            @Schema(example = "0.96") double similarity,
            String text,
            String otherText) {
    }

    @Schema(name = "Analysis", description = "The tokens IK produces for a text")
    public record Analysis(@Schema(example = "ik_smart") String analyzer, List<Token> tokens) {
    }

    @Schema(name = "Token")
    public record Token(@Schema(example = "高质量发展") String token, @Schema(example = "2") int startOffset,
                        @Schema(example = "7") int endOffset, @Schema(example = "1") int position) {
    }
}
