package cn.docsearch.ik;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.junit.jupiter.api.Test;

class WordsTokenizerTest {
    // IK alone cuts 数智赋能 into 数 | 智 | 赋 and the false word 能与
    private static final String TEXT = "推进数智赋能与产业发展，建设乡村振兴示范区";
    private static final ExtensionWords WORDS = new ExtensionWords(List.of("数智赋能", "振兴示范", " "));

    @Test
    void smartReplacesTheTokensAWordOverlapsAndKeepsTheirRest() throws IOException {
        assertThat(tokens(IkMode.SMART, new ExtensionWords(List.of()), TEXT))
                .containsSubsequence("数", "智", "赋", "能与");
        assertThat(tokens(IkMode.SMART, WORDS, TEXT))
                .containsSubsequence("推进", "数智赋能", "与", "产业", "发展", "建设", "乡村", "振兴示范", "区")
                .doesNotContain("能与", "数", "振兴", "示范区");
    }

    @Test
    void maxWordAddsTheWordsBesideIksTokens() throws IOException {
        assertThat(tokens(IkMode.MAX_WORD, WORDS, TEXT))
                .contains("数智赋能", "能与", "振兴示范", "示范区", "振兴", "乡村")
                .containsSubsequence("推进", "数智赋能", "数");
    }

    @Test
    void offsetsMarkTheOriginalCharacters() throws IOException {
        String text = "ＡＢＣ数智赋能很好";
        ExtensionWords words = new ExtensionWords(List.of("abc数智赋能"));
        try (Tokenizer tokenizer = IkMode.SMART.newTokenizer(words)) {
            tokenizer.setReader(new StringReader(text));
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = tokenizer.addAttribute(OffsetAttribute.class);
            tokenizer.reset();
            assertThat(tokenizer.incrementToken()).isTrue();
            assertThat(term.toString()).isEqualTo("abc数智赋能");
            assertThat(text.substring(offset.startOffset(), offset.endOffset())).isEqualTo("ＡＢＣ数智赋能");
            tokenizer.end();
            assertThat(offset.endOffset()).isEqualTo(text.length());
        }
    }

    @Test
    void aTokenizerIsReusedForTheNextText() throws IOException {
        try (Tokenizer tokenizer = IkMode.SMART.newTokenizer(WORDS)) {
            assertThat(read(tokenizer, "数智赋能")).containsExactly("数智赋能");
            assertThat(read(tokenizer, "乡村振兴示范区")).containsExactly("乡村", "振兴示范", "区");
        }
    }

    @Test
    void synonymRulesRewriteAQueryInEitherDirection() throws IOException {
        Analyzer chain = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                return new TokenStreamComponents(IkMode.SMART.newTokenizer(WORDS));
            }
        };
        SynonymMap synonyms = SynonymRulesFilterFactory.parse(List.of("数智赋能, 数字化转型", "土豆 => 马铃薯"), chain);
        assertThat(expanded(synonyms, "数字化转型")).contains("数智赋能");
        assertThat(expanded(synonyms, "推进数智赋能")).contains("推进", "数智赋能", "数字化");
        assertThat(expanded(synonyms, "土豆")).containsExactly("马铃薯");
        assertThat(expanded(synonyms, "马铃薯")).containsExactly("马铃薯");
        // a rule whose word IK drops as a stopword is left out; the others still apply
        SynonymMap withBadRule = SynonymRulesFilterFactory.parse(List.of("的 => 之", "土豆 => 马铃薯"), chain);
        assertThat(expanded(withBadRule, "土豆")).containsExactly("马铃薯");
    }

    private static List<String> expanded(SynonymMap synonyms, String query) throws IOException {
        Tokenizer tokenizer = IkMode.SMART.newTokenizer(WORDS);
        tokenizer.setReader(new StringReader(query));
        try (TokenStream stream = new SynonymGraphFilter(tokenizer, synonyms, true)) {
            return TokenStreams.terms(stream);
        }
    }

    private static List<String> tokens(IkMode mode, ExtensionWords words, String text) throws IOException {
        try (Tokenizer tokenizer = mode.newTokenizer(words)) {
            return read(tokenizer, text);
        }
    }

    private static List<String> read(Tokenizer tokenizer, String text) throws IOException {
        tokenizer.setReader(new StringReader(text));
        List<String> tokens = TokenStreams.terms(tokenizer);
        tokenizer.close();
        return tokens;
    }
}
