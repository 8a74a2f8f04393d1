package cn.docsearch.search.similarity;

import java.util.List;

/**
 * The documents sharing near-identical passages with one document. {@code coverage} is the share of this document's
 * characters that sit in passages with a near-identical counterpart in the other document.
 */
public record DuplicateReport(String id, int passagesCompared, double threshold, List<Duplicate> documents) {

    public record Duplicate(String id, String title, double coverage, List<PassagePair> pairs) {
    }

    /** A passage of this document ({@code position}) and its near-identical counterpart in the other one. */
    public record PassagePair(int position, int otherPosition, double similarity, String text, String otherText) {
    }
}
