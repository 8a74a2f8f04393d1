package cn.docsearch.search.index;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One passage nested in an {@link IndexedDocument}: its text; its vector is in {@link IndexedVectors}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexedPassage(int position, List<String> headings, String text) {
}
