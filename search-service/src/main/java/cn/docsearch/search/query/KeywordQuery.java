package cn.docsearch.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import cn.docsearch.search.dictionary.AnalysisSettings;
import cn.docsearch.search.index.IndexedDocument;

import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.ChildScoreMode;
import co.elastic.clients.elasticsearch._types.query_dsl.CombinedFieldsOperator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.InnerHits;

/**
 * The keyword query, built around how people type and around IK's known pitfalls.
 * <ul>
 * <li>Recall: a document must contain most free terms (both of two, all but one of up to five, half of more), in
 * any of title, headings and body, on the ik_max_word fields or their ik_smart sub-fields (ik_smart tokens are not
 * always among ik_max_word's). Stopwords are removed by the analyzers before counting.</li>
 * <li>Rank: documents with every term come first (a constant bonus, named {@value #ALL_TERMS}, large enough to put
 * them in a tier of their own); inside a tier the document's best passage decides. Passages are scored without
 * length normalisation (they are at most 400 characters), so a long report is not outranked by a short text that
 * merely contains the same words; words written together in the query score extra where a passage has them
 * together (a phrase match with a small slop).</li>
 * <li>Free terms find their synonyms too (the search analyzer's, multi-word ones as all of their words rather than a
 * phrase: ik_max_word's overlapping positions break phrases).</li>
 * <li>Quoted phrases must occur exactly (no synonyms), matched on the ik_smart sub-fields only (ik_max_word's overlapping positions
 * break phrases); {@code -x} excludes; {@code a OR b} requires one of them.</li>
 * </ul>
 */
final class KeywordQuery {
    static final String ALL_TERMS = "all_terms";
    static final double ALL_TERMS_BONUS = 1000;
    static final String PASSAGES = IndexedDocument.PASSAGES;
    static final int PASSAGES_PER_HIT = 3;
    /** Quoted phrases are cut without synonyms: what is quoted must occur as written. */
    private static final String EXACT = AnalysisSettings.SMART_ANALYZER;
    private static final String MINIMUM_SHOULD_MATCH = "2<-1 5<50%";
    private static final List<String> MAX_WORD_FIELDS = List.of("title", "headings", "body");
    private static final List<String> SMART_FIELDS = List.of("title.smart", "headings.smart", "body.smart");

    private KeywordQuery() {
    }

    /**
     * @param withPassages whether each hit brings its best passages (inner hits, highlighted): costly per hit, so
     *                     only for the hits shown
     */
    static Query documents(UserQuery query, boolean withPassages) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        bool.filter(constraints(query));
        if (!query.terms().isEmpty()) {
            bool.filter(anyField(fields -> Query.of(q -> q.combinedFields(c -> c.query(query.terms()).fields(fields)
                    .operator(CombinedFieldsOperator.Or).minimumShouldMatch(MINIMUM_SHOULD_MATCH)
                    .autoGenerateSynonymsPhraseQuery(false)))));
            bool.should(s -> s.constantScore(c -> c.boost((float) ALL_TERMS_BONUS).queryName(ALL_TERMS)
                    .filter(anyField(fields -> Query.of(q -> q.combinedFields(cf -> cf.query(query.terms()).fields(fields)
                            .operator(CombinedFieldsOperator.And).autoGenerateSynonymsPhraseQuery(false)))))));
            bool.should(s -> s.match(m -> m.field("title.smart").query(query.terms()).boost(2f)
                    .autoGenerateSynonymsPhraseQuery(false)));
        }
        bool.should(s -> s.nested(n -> {
            n.path(PASSAGES).scoreMode(ChildScoreMode.Max).query(passages(query));
            return withPassages ? n.innerHits(passageHits(query)) : n;
        }));
        return bool.build()._toQuery();
    }

    /** Whether the query has hard constraints ({@link #constraints}). */
    static boolean hasConstraints(UserQuery query) {
        return !query.phrases().isEmpty() || !query.alternatives().isEmpty() || !query.excluded().isEmpty();
    }

    /**
     * Phrases, OR groups and exclusions: the hard constraints, also applied to vector search (as the documents they
     * admit, since the vectors index holds no text).
     */
    static Query constraints(UserQuery query) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        for (String phrase : query.phrases()) {
            bool.filter(phraseAnywhere(phrase));
        }
        for (List<String> group : query.alternatives()) {
            bool.filter(f -> f.bool(any -> any.should(group.stream().map(KeywordQuery::phraseAnywhere).toList())
                    .minimumShouldMatch("1")));
        }
        for (String excluded : query.excluded()) {
            bool.mustNot(phraseAnywhere(excluded));
        }
        return bool.build()._toQuery();
    }

    /**
     * Inner hits returning a document's best passages; with a query, its words are highlighted (an explicit
     * highlight query, since the unified highlighter takes no terms from combined_fields).
     */
    static InnerHits passageHits(UserQuery highlightedWords) {
        return passageHits(highlightedWords, PASSAGES_PER_HIT);
    }

    /** As {@link #passageHits(UserQuery)}, up to {@code size} passages. */
    static InnerHits passageHits(UserQuery highlightedWords, int size) {
        InnerHits.Builder hits = new InnerHits.Builder().size(size);
        if (highlightedWords != null) {
            List<Query> words = new ArrayList<>();
            for (String field : List.of(PASSAGES + ".text.smart", PASSAGES + ".text")) {
                if (!highlightedWords.terms().isEmpty()) {
                    words.add(Query.of(q -> q.match(m -> m.field(field).query(highlightedWords.terms()))));
                }
                highlightedWords.phrases().forEach(phrase -> words.add(Query.of(q -> q.matchPhrase(m -> m.field(field).query(phrase).analyzer(EXACT)))));
                highlightedWords.alternatives().forEach(group -> group.forEach(alternative ->
                        words.add(Query.of(q -> q.matchPhrase(m -> m.field(field).query(alternative).analyzer(EXACT))))));
            }
            hits.highlight(h -> h.encoder(HighlighterEncoder.Html).preTags("<em>").postTags("</em>")
                    .requireFieldMatch(false)
                    .highlightQuery(q -> q.bool(b -> b.should(words)))
                    .fields(PASSAGES + ".text.smart", f -> f.numberOfFragments(0))
                    .fields(PASSAGES + ".text", f -> f.numberOfFragments(0)));
        }
        return hits.build();
    }

    private static Query passages(UserQuery query) {
        List<Query> clauses = new ArrayList<>();
        if (!query.terms().isEmpty()) {
            clauses.add(Query.of(q -> q.combinedFields(c -> c.query(query.terms())
                    .fields(PASSAGES + ".text", PASSAGES + ".headings").operator(CombinedFieldsOperator.Or)
                    .autoGenerateSynonymsPhraseQuery(false))));
            clauses.add(Query.of(q -> q.matchPhrase(p -> p.field(PASSAGES + ".text.smart").query(query.terms())
                    .slop(2).boost(2f))));
        }
        for (String phrase : query.phrases()) {
            clauses.add(Query.of(q -> q.matchPhrase(p -> p.field(PASSAGES + ".text.smart").query(phrase).analyzer(EXACT))));
        }
        for (List<String> group : query.alternatives()) {
            for (String alternative : group) {
                clauses.add(Query.of(q -> q.matchPhrase(p -> p.field(PASSAGES + ".text.smart").query(alternative).analyzer(EXACT))));
            }
        }
        return Query.of(q -> q.bool(b -> b.should(clauses).minimumShouldMatch("1")));
    }

    private static Query phraseAnywhere(String phrase) {
        return Query.of(q -> q.bool(b -> b.should(SMART_FIELDS.stream()
                .map(field -> Query.of(p -> p.matchPhrase(m -> m.field(field).query(phrase).analyzer(EXACT)))).toList())
                .minimumShouldMatch("1")));
    }

    /** The clause on the ik_max_word fields or on their ik_smart sub-fields. */
    private static Query anyField(Function<List<String>, Query> perFieldSet) {
        return Query.of(q -> q.bool(b -> b.should(perFieldSet.apply(MAX_WORD_FIELDS), perFieldSet.apply(SMART_FIELDS))
                .minimumShouldMatch("1")));
    }
}
