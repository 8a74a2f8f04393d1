package cn.docsearch.search.query;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One result. {@code passages} are the document's passages that answer the query, best first; {@code highlights}
 * are their texts alone. Highlighted text is HTML-escaped with matches wrapped in {@code <em>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchHit(String id, String collection, String title, double score, String titleHighlight, List<String> highlights,
                        List<PassageHit> passages, String source, List<String> tags, String documentDate,
                        String fileName, Instant ingestedAt, HitExplanation explain) {
}
