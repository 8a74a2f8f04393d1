package cn.docsearch.search.query;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One result. {@code snippet} is the part of its best passage that answers, about 120-160 characters; with
 * {@code passages=true} the hit also carries its {@code passages} that answer the query, best first, and
 * {@code highlights}, their texts alone. Highlighted text is HTML-escaped with matches wrapped in {@code <em>}.
 * {@code folded} lists the results of the same page whose texts nearly repeat this one's, folded under it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchHit(String id, String collection, String title, double score, String titleHighlight, Snippet snippet,
                        List<String> highlights, List<PassageHit> passages, String source, List<String> tags,
                        String author, String documentDate, String contentType, String fileName, Instant ingestedAt,
                        List<FoldedHit> folded, HitExplanation explain) {
    SearchHit withFolded(List<FoldedHit> nearlyRepeating) {
        return new SearchHit(id, collection, title, score, titleHighlight, snippet, highlights, passages, source, tags,
                author, documentDate, contentType, fileName, ingestedAt, List.copyOf(nearlyRepeating), explain);
    }
}
