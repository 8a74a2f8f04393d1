package cn.docsearch.ik;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** Reads a token stream the way Lucene's consumers do: reset, every token, end. */
final class TokenStreams {
    private TokenStreams() {
    }

    static List<String> terms(TokenStream stream) throws IOException {
        List<String> terms = new ArrayList<>();
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        stream.reset();
        while (stream.incrementToken()) {
            terms.add(term.toString());
        }
        stream.end();
        return terms;
    }
}
