package cn.docsearch.search.query;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.dictionary.AnalysisSettings;
import cn.docsearch.search.index.SearchIndex;

/**
 * How the live index cuts a text: the tokens search sees, with the dictionary's words, stopwords and (for queries)
 * synonyms, for users checking why a query matches or not.
 */
@ApplicationScoped
public class AnalyzeService {
    public static final List<String> ANALYZERS = List.of("ik_smart", "ik_max_word");
    /** The index's analyzers behind the names users know: queries as they are cut (synonyms too), and texts. */
    private static final Map<String, String> INDEX_ANALYZERS = Map.of(
            "ik_smart", AnalysisSettings.SEARCH_ANALYZER, "ik_max_word", AnalysisSettings.INDEX_ANALYZER);
    public static final int MAX_TEXT_CHARS = 2000;

    public record Token(String token, int startOffset, int endOffset, int position) {
    }

    public record Analysis(String analyzer, List<Token> tokens) {
    }

    private final SearchIndex searchIndex;

    public AnalyzeService(SearchIndex searchIndex) {
        this.searchIndex = searchIndex;
    }

    public Analysis analyze(String text, String analyzer) throws IOException {
        String chosen = analyzer == null || analyzer.isBlank() ? "ik_smart" : analyzer.strip();
        if (!ANALYZERS.contains(chosen)) {
            throw new InvalidQueryException("Unknown analyzer '" + analyzer + "'; use ik_smart or ik_max_word");
        }
        String cleaned = QueryText.required("Parameter 'text'", text, MAX_TEXT_CHARS);
        List<Token> tokens = searchIndex.analyze(INDEX_ANALYZERS.get(chosen), cleaned).stream()
                .map(t -> new Token(t.token(), (int) t.startOffset(), (int) t.endOffset(), (int) t.position())).toList();
        return new Analysis(chosen, tokens);
    }
}
