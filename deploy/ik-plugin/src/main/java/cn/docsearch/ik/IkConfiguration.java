package cn.docsearch.ik;

import java.util.List;

import org.wltea.analyzer.cfg.Configuration;

/**
 * Immutable IK configuration. IK's own DefaultConfig re-reads an XML file and is mutable;
 * this one names the stock dictionaries inside the IK jar plus the domain dictionaries
 * shipped in this plugin's jar (all loaded as class-path resources, so Elasticsearch's
 * entitlements need no extra grant).
 */
final class IkConfiguration implements Configuration {

    static final String DOMAIN_DICTIONARY = "cn/docsearch/ik/extension.dic";
    static final String DOMAIN_STOPWORDS = "cn/docsearch/ik/stopword.dic";

    private static final String STOCK_MAIN = "org/wltea/analyzer/dic/main2012.dic";
    private static final String STOCK_QUANTIFIER = "org/wltea/analyzer/dic/quantifier.dic";

    private final boolean smart;

    IkConfiguration(boolean smart) {
        this.smart = smart;
    }

    @Override
    public boolean useSmart() {
        return smart;
    }

    @Override
    public void setUseSmart(boolean useSmart) {
        throw new UnsupportedOperationException("IK configuration is immutable; choose ik_smart or ik_max_word");
    }

    @Override
    public String getMainDictionary() {
        return STOCK_MAIN;
    }

    @Override
    public String getQuantifierDicionary() {
        return STOCK_QUANTIFIER;
    }

    @Override
    public List<String> getExtDictionarys() {
        return List.of(DOMAIN_DICTIONARY);
    }

    @Override
    public List<String> getExtStopWordDictionarys() {
        // not IK's stock list: it drops content words of this domain (必须, 不, 人民, 社会主义, 从严, the numerals),
        // so "九个必须" or "全面从严治党" could not be searched for
        return List.of(DOMAIN_STOPWORDS);
    }
}
