package cn.docsearch.search.query;

import java.util.List;

/**
 * A passage that answers the query: its place in the document, the headings above it, and its text, HTML-escaped
 * with keyword matches in {@code <em>}. {@code score} is the passage's keyword score or vector similarity.
 */
public record PassageHit(int position, List<String> headings, String text, double score) {

    PassageHit withScore(double newScore) {
        return new PassageHit(position, headings, text, newScore);
    }
}
