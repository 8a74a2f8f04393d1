package cn.docsearch.ik;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.wltea.analyzer.cfg.Configuration;
import org.wltea.analyzer.core.IKSegmenter;
import org.wltea.analyzer.core.Lexeme;

/**
 * IK's segmentation with an index's own {@link ExtensionWords}. The whole field is read first (the words are found
 * in the text, not in IK's tokens); an index without words of its own uses IK's streaming tokenizer instead.
 */
final class WordsTokenizer extends Tokenizer {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final TypeAttribute type = addAttribute(TypeAttribute.class);
    private final Configuration configuration;
    private final ExtensionWords words;
    private Iterator<ExtensionWords.Token> tokens;
    private int length;

    WordsTokenizer(Configuration configuration, ExtensionWords words) {
        this.configuration = configuration;
        this.words = words;
    }

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        if (tokens == null) {
            tokens = segment().iterator();
        }
        if (!tokens.hasNext()) {
            return false;
        }
        ExtensionWords.Token token = tokens.next();
        term.append(token.text());
        offset.setOffset(correctOffset(token.start()), correctOffset(token.end()));
        type.setType(token.type());
        return true;
    }

    private List<ExtensionWords.Token> segment() throws IOException {
        String text = readAll(input);
        length = text.length();
        List<ExtensionWords.Token> segmented = new ArrayList<>();
        IKSegmenter segmenter = new IKSegmenter(new StringReader(text), configuration);
        for (Lexeme lexeme = segmenter.next(); lexeme != null; lexeme = segmenter.next()) {
            segmented.add(new ExtensionWords.Token(lexeme.getLexemeText(), lexeme.getBeginPosition(),
                    lexeme.getEndPosition(), lexeme.getLexemeTypeString()));
        }
        return words.apply(text, segmented, configuration.useSmart());
    }

    /** The whole of a tokenizer's input. */
    static String readAll(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[4096];
        for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
            text.append(buffer, 0, read);
        }
        return text.toString();
    }

    @Override
    public void end() throws IOException {
        super.end();
        int last = correctOffset(length);
        offset.setOffset(last, last);
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        tokens = null;
        length = 0;
    }
}
