package cn.docsearch.ik;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.index.IndexNotFoundException;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

/**
 * Synonyms at search time, from rules kept in a document of an Elasticsearch index (settings {@code rules_index},
 * {@code rules_id}; field {@code rules}: Solr-format lines such as {@code 乡村振兴, 农村发展} or {@code a => b}).
 * Search analyzers are reloaded without closing the index ({@code POST <index>/_reload_search_analyzers}), so a
 * change takes effect at once and the indexed terms stay as they are. The rules are read on a reload only: an index
 * being created or opened is handled on threads that must not wait for a read, so it starts without synonyms until
 * the platform reloads it (it does on every change and periodically). Elasticsearch's own synonyms API is no
 * alternative on this distribution: it needs delete-by-query, which is not in it.
 */
final class SynonymRulesFilterFactory extends AbstractTokenFilterFactory {
    static final String NAME = "docsearch_synonyms";
    static final String RULES_FIELD = "rules";
    private static final Logger LOG = LogManager.getLogger(SynonymRulesFilterFactory.class);
    private static final TimeValue READ_TIMEOUT = TimeValue.timeValueSeconds(10);

    private final String rulesIndex;
    private final String rulesId;
    private final Supplier<Client> client;

    SynonymRulesFilterFactory(String name, Settings settings, Supplier<Client> client) {
        super(name, settings);
        this.rulesIndex = settings.get("rules_index");
        this.rulesId = settings.get("rules_id", "synonyms");
        if (rulesIndex == null || rulesIndex.isBlank()) {
            throw new IllegalArgumentException("[" + NAME + "] filter [" + name + "] needs [rules_index]");
        }
        this.client = client;
    }

    @Override
    public AnalysisMode getAnalysisMode() {
        return AnalysisMode.SEARCH_TIME;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        throw new IllegalStateException("[" + NAME + "] is built for its analysis chain first");
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(IndexCreationContext context, TokenizerFactory tokenizer,
                                                              List<CharFilterFactory> charFilters,
                                                              List<TokenFilterFactory> previousTokenFilters,
                                                              Function<String, TokenFilterFactory> allFilters) {
        List<String> rules = context == IndexCreationContext.RELOAD_ANALYZERS ? readRules() : List.of();
        // the rules' words are cut by the same chain as the queries they rewrite
        Analyzer chain = new CustomAnalyzer(tokenizer, charFilters.toArray(new CharFilterFactory[0]),
                previousTokenFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new));
        SynonymMap synonyms = parse(rules, chain);
        String filterName = name();
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return filterName;
            }

            @Override
            public TokenStream create(TokenStream tokenStream) {
                return synonyms.fst == null ? tokenStream : new SynonymGraphFilter(tokenStream, synonyms, true);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                return IDENTITY_FILTER;
            }

            @Override
            public AnalysisMode getAnalysisMode() {
                return AnalysisMode.SEARCH_TIME;
            }

            @Override
            public String getResourceName() {
                return rulesIndex;
            }
        };
    }

    private List<String> readRules() {
        try {
            var response = client.get().prepareGet(rulesIndex, rulesId).get(READ_TIMEOUT);
            if (!response.isExists()) {
                return List.of();
            }
            Object rules = response.getSourceAsMap().get(RULES_FIELD);
            if (!(rules instanceof List<?> list)) {
                return List.of();
            }
            return list.stream().map(String::valueOf).toList();
        } catch (IndexNotFoundException e) {
            return List.of();
        }
    }

    /**
     * The rules as a synonym map; a rule that cannot be taken (one of its words is cut into nothing, a stopword) is
     * left out and logged, so one bad rule never takes every synonym away.
     */
    static SynonymMap parse(List<String> rules, Analyzer chain) {
        try {
            SolrSynonymParser parser = new SolrSynonymParser(true, true, chain);
            for (String rule : rules) {
                try {
                    parser.parse(new StringReader(rule));
                } catch (ParseException | IllegalArgumentException e) {
                    LOG.warn("Synonym rule [{}] left out: {}", rule, e.getMessage());
                }
            }
            return parser.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
