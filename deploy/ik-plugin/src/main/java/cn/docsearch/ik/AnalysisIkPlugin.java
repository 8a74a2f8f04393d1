package cn.docsearch.ik;

import java.util.HashMap;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/** Registers the tokenizers and analyzers {@code ik_smart} and {@code ik_max_word}. */
public class AnalysisIkPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> tokenizers = new HashMap<>();
        for (IkMode mode : IkMode.values()) {
            tokenizers.put(mode.registeredName(),
                    (indexSettings, environment, name, settings) -> TokenizerFactory.newFactory(name, mode::newTokenizer));
        }
        return tokenizers;
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers = new HashMap<>();
        for (IkMode mode : IkMode.values()) {
            analyzers.put(mode.registeredName(),
                    (indexSettings, environment, name, settings) -> new IkAnalyzerProvider(name, settings, mode));
        }
        return analyzers;
    }

    private static final class IkAnalyzerProvider extends AbstractIndexAnalyzerProvider<Analyzer> {
        private final Analyzer analyzer;

        IkAnalyzerProvider(String name, Settings settings, IkMode mode) {
            super(name, settings);
            this.analyzer = mode.newAnalyzer();
        }

        @Override
        public Analyzer get() {
            return analyzer;
        }
    }
}
