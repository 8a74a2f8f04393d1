package cn.docsearch.ik;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.util.SetOnce;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * Registers the tokenizers and analyzers {@code ik_smart} and {@code ik_max_word}, and the parts of the analyzers an
 * index defines with a dictionary of its own: the tokenizer {@value #WORDS_TOKENIZER} ({@code mode}: smart or
 * max_word; {@code extension_words}: the index's own words), the char filter {@value
 * ScriptFoldingCharFilterFactory#NAME} and the search-time synonym filter {@value SynonymRulesFilterFactory#NAME};
 * and the analyzer {@value TypedPrefixAnalyzer#NAME} of the term suggestions.
 */
public class AnalysisIkPlugin extends Plugin implements AnalysisPlugin {
    static final String WORDS_TOKENIZER = "docsearch_ik";

    /** The node's client, for the synonym filter's reads; set once the node has built its services. */
    private final SetOnce<Client> client = new SetOnce<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        client.set(services.client());
        return List.of();
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> tokenizers = new HashMap<>();
        for (IkMode mode : IkMode.values()) {
            tokenizers.put(mode.registeredName(),
                    (indexSettings, environment, name, settings) -> TokenizerFactory.newFactory(name, mode::newTokenizer));
        }
        tokenizers.put(WORDS_TOKENIZER, AnalysisPlugin.requiresAnalysisSettings((indexSettings, environment, name, settings) -> {
            IkMode mode = IkMode.named(settings.get("mode", "smart"));
            ExtensionWords words = new ExtensionWords(settings.getAsList("extension_words", List.of()));
            return TokenizerFactory.newFactory(name, () -> mode.newTokenizer(words));
        }));
        return tokenizers;
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of(ScriptFoldingCharFilterFactory.NAME,
                (indexSettings, environment, name, settings) -> new ScriptFoldingCharFilterFactory(name));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(SynonymRulesFilterFactory.NAME, AnalysisPlugin.requiresAnalysisSettings(
                (indexSettings, environment, name, settings) -> new SynonymRulesFilterFactory(name, settings, client::get)));
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers = new HashMap<>();
        for (IkMode mode : IkMode.values()) {
            analyzers.put(mode.registeredName(), (indexSettings, environment, name, settings)
                    -> new PluginAnalyzerProvider(name, settings, mode.newAnalyzer()));
        }
        analyzers.put(TypedPrefixAnalyzer.NAME, (indexSettings, environment, name, settings)
                -> new PluginAnalyzerProvider(name, settings, new TypedPrefixAnalyzer()));
        return analyzers;
    }

    private static final class PluginAnalyzerProvider extends AbstractIndexAnalyzerProvider<Analyzer> {
        private final Analyzer analyzer;

        PluginAnalyzerProvider(String name, Settings settings, Analyzer analyzer) {
            super(name, settings);
            this.analyzer = analyzer;
        }

        @Override
        public Analyzer get() {
            return analyzer;
        }
    }
}
