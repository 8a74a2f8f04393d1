package cn.docsearch.search.passage;

import java.util.List;

/** A piece of one document version: its place in the document, the headings above it, and its text. */
public record Passage(int position, List<String> headings, String text) {
}
