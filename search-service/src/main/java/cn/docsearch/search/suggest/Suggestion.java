package cn.docsearch.search.suggest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One completion of what a caller is typing: a document's title ({@code kind} "title", with the document's id) or a
 * tag or heading of some documents ({@code kind} "term").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Suggestion(String text, String kind, String id) {
    static final String TITLE = "title";
    static final String TERM = "term";
}
