package cn.docsearch.ik;

import java.io.IOException;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import cn.docsearch.text.PrefixFolding;

/**
 * A text as one token folded as search-service folds a typed prefix ({@link PrefixFolding}), for a completion field
 * whose inputs are shown as written: a tag written AI治理 or 鄉村振興 is suggested for ai or 乡村. No token when nothing
 * is left to type. Elasticsearch's own keyword tokenizer and lowercase filter are not in the node (analysis-common).
 */
final class TypedPrefixAnalyzer extends Analyzer {
    static final String NAME = "docsearch_typed_prefix";

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        return new TokenStreamComponents(new WholeTextTokenizer());
    }

    private static final class WholeTextTokenizer extends Tokenizer {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private int length;
        private boolean done;

        @Override
        public boolean incrementToken() throws IOException {
            if (done) {
                return false;
            }
            done = true;
            clearAttributes();
            String text = WordsTokenizer.readAll(input);
            length = text.length();
            String folded = PrefixFolding.fold(text);
            if (folded.isEmpty()) {
                return false;
            }
            term.append(folded);
            offset.setOffset(correctOffset(0), correctOffset(length));
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            int end = correctOffset(length);
            offset.setOffset(end, end);
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            length = 0;
            done = false;
        }
    }
}
