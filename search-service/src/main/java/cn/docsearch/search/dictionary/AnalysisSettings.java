package cn.docsearch.search.dictionary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The analyzers of a documents index built with a dictionary (our IK plugin's parts, deploy/ik-plugin):
 * <ul>
 * <li>{@value #INDEX_ANALYZER}: IK max_word with the dictionary's extension words and stopwords, for the main fields;</li>
 * <li>{@value #SMART_ANALYZER}: IK smart with the same, for the {@code .smart} sub-fields (phrases);</li>
 * <li>{@value #SEARCH_ANALYZER}: IK smart with the same, and the synonyms, read from {@link SynonymRules}' document
 * whenever search analyzers are reloaded: what every query is cut with.</li>
 * </ul>
 * Traditional characters are read as simplified ones in all three.
 */
public final class AnalysisSettings {
    public static final String INDEX_ANALYZER = "docsearch_max_word";
    public static final String SMART_ANALYZER = "docsearch_smart";
    public static final String SEARCH_ANALYZER = "docsearch_search";

    private AnalysisSettings() {
    }

    /** The {@code analysis} object of the index settings. */
    public static ObjectNode of(Dictionary dictionary, String rulesIndex, ObjectMapper objectMapper) {
        ObjectNode analysis = objectMapper.createObjectNode();
        analysis.putObject("char_filter").putObject("script_folding").put("type", "docsearch_script_folding");
        ObjectNode tokenizers = analysis.putObject("tokenizer");
        tokenizer(tokenizers.putObject("words_max_word"), "max_word", dictionary);
        tokenizer(tokenizers.putObject("words_smart"), "smart", dictionary);
        ObjectNode filters = analysis.putObject("filter");
        ObjectNode stop = filters.putObject("user_stopwords").put("type", "stop");
        if (dictionary.stopwords().isEmpty()) {
            stop.put("stopwords", "_none_");
        } else {
            dictionary.stopwords().forEach(stop.putArray("stopwords")::add);
        }
        filters.putObject("user_synonyms").put("type", "docsearch_synonyms").put("rules_index", rulesIndex)
                .put("rules_id", SynonymRules.DOCUMENT_ID);
        ObjectNode analyzers = analysis.putObject("analyzer");
        analyzer(analyzers.putObject(INDEX_ANALYZER), "words_max_word").add("user_stopwords");
        analyzer(analyzers.putObject(SMART_ANALYZER), "words_smart").add("user_stopwords");
        analyzer(analyzers.putObject(SEARCH_ANALYZER), "words_smart").add("user_stopwords").add("user_synonyms");
        return analysis;
    }

    private static void tokenizer(ObjectNode tokenizer, String mode, Dictionary dictionary) {
        tokenizer.put("type", "docsearch_ik").put("mode", mode);
        dictionary.extensionWords().forEach(tokenizer.putArray("extension_words")::add);
    }

    private static ArrayNode analyzer(ObjectNode analyzer, String tokenizer) {
        analyzer.put("type", "custom").put("tokenizer", tokenizer);
        analyzer.putArray("char_filter").add("script_folding");
        return analyzer.putArray("filter");
    }
}
