package cn.docsearch.search.index;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One passage nested in an {@link IndexedDocument}; {@code vector} is absent until the embedding stage adds it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexedPassage(int position, List<String> headings, String text, float[] vector) {

    IndexedPassage withVector(float[] embedding) {
        return new IndexedPassage(position, headings, text, embedding);
    }
}
