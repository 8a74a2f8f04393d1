package cn.docsearch.ik;

import java.io.Reader;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.Tokenizer;
import org.wltea.analyzer.lucene.IKTokenizer;

/**
 * The two IK segmentation modes, each registered as a tokenizer and an analyzer of the same name. The analyzers read
 * traditional characters as simplified ones, so either script finds the other; the bare tokenizers do not.
 */
public enum IkMode {
    /** Coarsest segmentation, no overlapping tokens: for queries and phrase matching. */
    SMART("ik_smart", new IkConfiguration(true)),
    /** Every dictionary word found, overlapping: for recall at index time. */
    MAX_WORD("ik_max_word", new IkConfiguration(false));

    private final String registeredName;
    private final IkConfiguration configuration;

    IkMode(String registeredName, IkConfiguration configuration) {
        this.registeredName = registeredName;
        this.configuration = configuration;
    }

    public String registeredName() {
        return registeredName;
    }

    public Tokenizer newTokenizer() {
        return new IKTokenizer(configuration);
    }

    /** The tokenizer with an index's own extension words laid over IK's dictionary. */
    Tokenizer newTokenizer(ExtensionWords words) {
        return words.isEmpty() ? newTokenizer() : new WordsTokenizer(configuration, words);
    }

    static IkMode named(String mode) {
        for (IkMode candidate : values()) {
            if (candidate.registeredName.equals("ik_" + mode)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("Unknown IK mode [" + mode + "]: use smart or max_word");
    }

    public Analyzer newAnalyzer() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                return new TokenStreamComponents(newTokenizer());
            }

            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                return new ScriptFoldingCharFilter(reader);
            }
        };
    }
}
