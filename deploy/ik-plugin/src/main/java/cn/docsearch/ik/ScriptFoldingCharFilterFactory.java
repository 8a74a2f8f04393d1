package cn.docsearch.ik;

import java.io.Reader;

import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;

/** {@link ScriptFoldingCharFilter} as a char filter of its own, for the custom analyzers an index defines. */
final class ScriptFoldingCharFilterFactory implements NormalizingCharFilterFactory {
    static final String NAME = "docsearch_script_folding";

    private final String name;

    ScriptFoldingCharFilterFactory(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Reader create(Reader reader) {
        return new ScriptFoldingCharFilter(reader);
    }
}
