package cn.docsearch.search.query;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of an export: a result, in the search's order, without what only a page shows (highlights, every passage,
 * the explanation). {@code passage} is the text of its best passage as a search shows it (HTML-escaped, keyword
 * matches in {@code <em>}).
 *
 * @param rank its place in the export, from 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExportedHit(String id, int rank, double score, String title, String collection, String source,
                          List<String> tags, String documentDate, String passage) {
    static ExportedHit of(SearchHit hit, int rank) {
        return new ExportedHit(hit.id(), rank, hit.score(), hit.title(), hit.collection(), hit.source(), hit.tags(),
                hit.documentDate(), hit.passages() == null || hit.passages().isEmpty() ? null : hit.passages().get(0).text());
    }
}
