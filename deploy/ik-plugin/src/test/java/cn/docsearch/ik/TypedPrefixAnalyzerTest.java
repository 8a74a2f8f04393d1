package cn.docsearch.ik;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.junit.jupiter.api.Test;

import cn.docsearch.text.PrefixFolding;

class TypedPrefixAnalyzerTest {
    private final Analyzer analyzer = new TypedPrefixAnalyzer();

    @Test
    void aTextIsOneTokenFoldedAsATypedPrefixIs() throws IOException {
        assertThat(tokens("AI治理")).containsExactly("ai治理");
        // the analyzer's tokenizer is reused for the next text, as Elasticsearch does
        assertThat(tokens("《鄉村 振興》试点")).containsExactly(PrefixFolding.fold("乡村振兴试点"));
    }

    @Test
    void nothingLeftToTypeGivesNoToken() throws IOException {
        assertThat(tokens("、。！")).isEmpty();
        assertThat(tokens("十四五")).containsExactly("十四五");
    }

    private List<String> tokens(String text) throws IOException {
        try (TokenStream stream = analyzer.tokenStream("termSuggest", text)) {
            return TokenStreams.terms(stream);
        }
    }
}
