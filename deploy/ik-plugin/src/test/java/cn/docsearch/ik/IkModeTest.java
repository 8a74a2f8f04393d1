package cn.docsearch.ik;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.junit.jupiter.api.Test;

import cn.docsearch.text.ScriptFolding;

class IkModeTest {

    @Test
    void smartKeepsDomainTermsWhole() throws IOException {
        assertThat(tokens(IkMode.SMART, "学习贯彻党的二十大精神，推动高质量发展"))
                .containsSubsequence("学习", "贯彻")
                .contains("高质量发展")
                .anySatisfy(token -> assertThat(token).contains("二十大"))
                .doesNotContain("二十", "高质量", "的");
    }

    @Test
    void smartSegmentsTermsMissingFromTheStockDictionary() throws IOException {
        assertThat(tokens(IkMode.SMART, "以中国式现代化全面推进乡村振兴"))
                .contains("中国式现代化", "乡村振兴");
        assertThat(tokens(IkMode.SMART, "坚定不移推进全面从严治党，发展新质生产力"))
                .contains("全面从严治党", "新质生产力");
    }

    @Test
    void maxWordAddsTheSubWordsForRecall() throws IOException {
        List<String> tokens = tokens(IkMode.MAX_WORD, "推动高质量发展");
        assertThat(tokens).contains("推动", "高质量发展", "高质量", "质量", "发展");
    }

    @Test
    void stopwordsAreDropped() throws IOException {
        assertThat(tokens(IkMode.SMART, "我们的工作取得了明显成效"))
                .contains("工作", "明显", "成效")
                .doesNotContain("的", "了");
    }

    @Test
    void contentWordsOfReportsAreNotStopwords() throws IOException {
        assertThat(tokens(IkMode.SMART, "深刻领会九个必须")).contains("必须");
        assertThat(tokens(IkMode.SMART, "建设社会主义现代化强国，一切为了人民")).contains("社会主义", "人民");
        assertThat(tokens(IkMode.MAX_WORD, "怎样保证水质安全")).doesNotContain("怎样").contains("水质");
    }

    @Test
    void offsetsPointAtTheTokenInTheOriginalText() throws IOException {
        String text = "各地区各部门要真抓实干，狠抓落实。";
        try (Tokenizer tokenizer = IkMode.SMART.newTokenizer()) {
            tokenizer.setReader(new StringReader(text));
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = tokenizer.addAttribute(OffsetAttribute.class);
            tokenizer.reset();
            int seen = 0;
            while (tokenizer.incrementToken()) {
                assertThat(text.substring(offset.startOffset(), offset.endOffset())).isEqualTo(term.toString());
                seen++;
            }
            tokenizer.end();
            assertThat(seen).isGreaterThan(3);
        }
    }

    @Test
    void maskedNamesSurviveAsText() throws IOException {
        assertThat(String.join("", tokens(IkMode.SMART, "xx县**同志作了工作报告")))
                .contains("xx", "县", "工作报告");
    }

    @Test
    void theAnalyzersReadTraditionalCharactersAsSimplifiedOnes() throws IOException {
        String traditional = "以中國式現代化全面推進鄉村振興，堅決扛牢糧食安全政治責任";
        List<String> terms = new ArrayList<>();
        try (Analyzer analyzer = IkMode.SMART.newAnalyzer();
             TokenStream stream = analyzer.tokenStream("body", traditional)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
                // the offsets mark the original, traditional characters
                String original = traditional.substring(offset.startOffset(), offset.endOffset());
                assertThat(ScriptFolding.toSimplified(original)).isEqualTo(term.toString());
            }
            stream.end();
        }
        assertThat(terms).contains("中国式现代化", "乡村振兴", "粮食安全").doesNotContain("鄉村振興");
        assertThat(terms).isEqualTo(analyzed(IkMode.SMART, ScriptFolding.toSimplified(traditional)));
    }

    private static List<String> analyzed(IkMode mode, String text) throws IOException {
        try (Analyzer analyzer = mode.newAnalyzer(); TokenStream stream = analyzer.tokenStream("body", text)) {
            return TokenStreams.terms(stream);
        }
    }

    private static List<String> tokens(IkMode mode, String text) throws IOException {
        try (Tokenizer tokenizer = mode.newTokenizer()) {
            tokenizer.setReader(new StringReader(text));
            return TokenStreams.terms(tokenizer);
        }
    }
}
