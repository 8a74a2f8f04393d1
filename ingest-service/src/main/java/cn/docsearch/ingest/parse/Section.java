package cn.docsearch.ingest.parse;

import java.util.List;

/** Paragraphs under one heading path (outermost heading first; empty before the first heading). */
public record Section(List<String> headings, List<String> paragraphs) {
}
