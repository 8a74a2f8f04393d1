package cn.docsearch.search.query;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A result folded under a better one whose text it nearly repeats: enough to tell it apart and open it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FoldedHit(String id, String title, String collection, String fileName, String documentDate, double score) {
    static FoldedHit of(SearchHit hit) {
        return new FoldedHit(hit.id(), hit.title(), hit.collection(), hit.fileName(), hit.documentDate(), hit.score());
    }
}
