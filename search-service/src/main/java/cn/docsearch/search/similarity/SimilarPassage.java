package cn.docsearch.search.similarity;

import java.util.List;

/**
 * A stored passage close to a given paragraph. {@code copied} is true at or above the calibrated copy threshold: a
 * copy with a few words changed, sentences reordered or names masked scores above it, a different paragraph on the
 * same topic below.
 */
public record SimilarPassage(String documentId, String title, int position, List<String> headings, String text,
                             double similarity, boolean copied) {
}
