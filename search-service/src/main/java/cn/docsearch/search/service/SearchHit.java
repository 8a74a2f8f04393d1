package cn.docsearch.search.service;

import java.time.Instant;
import java.util.List;

/** One result: highlighted fragments are HTML-escaped text with matches wrapped in {@code <em>}. */
public record SearchHit(String id, String title, double score, String titleHighlight, List<String> highlights,
                        String source, List<String> tags, String documentDate, String fileName, Instant ingestedAt) {
}
