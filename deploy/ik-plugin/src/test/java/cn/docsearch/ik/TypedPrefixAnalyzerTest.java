package cn.docsearch.ik;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.junit.jupiter.api.Test;

class TypedPrefixAnalyzerTest {
    private final Analyzer analyzer = new TypedPrefixAnalyzer();

    @Test
    void aTextIsOneTokenFoldedAsATypedPrefixIsOverTheWholeOriginal() throws IOException {
        assertThat(tokens("AI治理")).containsExactly("ai治理 0-4 end 4");
        // the analyzer's tokenizer is reused for the next text, as Elasticsearch does
        assertThat(tokens("《鄉村 振興》试点")).containsExactly("乡村振兴试点 0-9 end 9");
        assertThat(tokens("十四五")).containsExactly("十四五 0-3 end 3");
    }

    @Test
    void nothingLeftToTypeGivesNoToken() throws IOException {
        assertThat(tokens("、。！")).isEmpty();
        assertThat(tokens("")).isEmpty();
    }

    /** Each token as "term start-end", the last also with the stream's final offset. */
    private List<String> tokens(String text) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("termSuggest", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term + " " + offset.startOffset() + "-" + offset.endOffset());
            }
            stream.end();
            if (!tokens.isEmpty()) {
                tokens.set(tokens.size() - 1, tokens.get(tokens.size() - 1) + " end " + offset.endOffset());
            }
        }
        return tokens;
    }
}
