package cn.docsearch.search.suggest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.CompletionInput;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.SearchIndex;
import cn.docsearch.search.query.InvalidQueryException;
import cn.docsearch.search.query.QueryText;
import cn.docsearch.text.PrefixFolding;
import io.smallrye.mutiny.Uni;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.CompletionContext;
import co.elastic.clients.elasticsearch.core.search.CompletionSuggestOption;
import co.elastic.clients.elasticsearch.core.search.CompletionSuggester;

/**
 * Suggestions while typing, from the completion fields every document is written with ({@link SuggestionInputs}):
 * titles by their characters, pinyin or pinyin initials, and tags and headings by their characters (each side folded as
 * {@link PrefixFolding#fold} folds: lower case, letters and digits, simplified); and, for a query
 * that finds nothing, the words of a title that sound like it ({@link Homophones}). One completion request each,
 * answered from Elasticsearch's in-memory suggesters without a search, inside the caller's collections.
 */
@ApplicationScoped
public class SuggestService {
    public static final int MAX_SIZE = 20;
    public static final int MAX_PREFIX_CHARS = 50;
    /** Longer queries are sentences: no title word sounds like them (in pinyin, as many syllables). */
    private static final int MAX_CORRECTED_CHARS = 12;
    private static final int MAX_CORRECTED_LETTERS = 6 * MAX_CORRECTED_CHARS;
    private static final int TITLES_READ_FOR_CORRECTION = 10;
    private static final String TITLES = "titles";
    private static final String TERMS = "terms";
    private static final String TITLE_FIELD = "titleSuggest";
    private static final String TERM_FIELD = "termSuggest";

    private final SearchIndex searchIndex;

    public SuggestService(SearchIndex searchIndex) {
        this.searchIndex = searchIndex;
    }

    /** Up to {@code size} completions of the typed text: titles first, terms filling up to half of them. */
    public Uni<List<Suggestion>> suggest(String typed, int size, CollectionScope scope) {
        String prefix = PrefixFolding.fold(QueryText.required("Parameter 'q'", typed, MAX_PREFIX_CHARS));
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidQueryException("'size' must be between 1 and " + MAX_SIZE);
        }
        if (prefix.isEmpty() || isEmpty(scope)) {
            return Uni.createFrom().item(List.of());
        }
        SearchRequest request = SearchRequest.of(s -> s.index(searchIndex.alias())
                .source(src -> src.filter(f -> f.includes("title")))
                .suggest(g -> g
                        .suggesters(TITLES, f -> f.prefix(prefix).completion(c -> completion(c, TITLE_FIELD, size, scope)))
                        // twice as many: Elasticsearch tells terms apart as written, and one written two ways is one
                        .suggesters(TERMS, f -> f.prefix(prefix).completion(c -> completion(c, TERM_FIELD, 2 * size, scope)))));
        return Uni.createFrom().completionStage(() -> searchIndex.searchAsync(request))
                .map(response -> merged(response, size));
    }

    /** The words of a title that sound like the query, or null when no title has any. */
    public Uni<String> didYouMean(String query, CollectionScope scope) {
        String typed = PrefixFolding.fold(query);
        boolean latin = Pinyin.isLatin(typed);
        if (typed.isEmpty() || typed.length() > (latin ? MAX_CORRECTED_LETTERS : MAX_CORRECTED_CHARS) || isEmpty(scope)) {
            return Uni.createFrom().nullItem();
        }
        // the titles' inputs end where a typed prefix can; one letter short of that, so that a reading missing a letter
        // (one edit) still matches a title's cut input
        String reading = SuggestionInputs.cut(latin ? typed : Pinyin.full(typed), MAX_PREFIX_CHARS - 1);
        SearchRequest request = SearchRequest.of(s -> s.index(searchIndex.alias())
                .source(src -> src.filter(f -> f.includes("title")))
                .suggest(g -> g.suggesters(TITLES, f -> f.prefix(reading).completion(c -> {
                    completion(c, TITLE_FIELD, TITLES_READ_FOR_CORRECTION, scope);
                    // one letter off: a front or back nasal final (xin/xing), a retroflex initial (z/zh)
                    return reading.length() >= 4 ? c.fuzzy(z -> z.fuzziness("1").prefixLength(1)) : c;
                }))));
        return Uni.createFrom().completionStage(() -> searchIndex.searchAsync(request)).map(response -> {
            for (CompletionSuggestOption<IndexedDocument> option : options(response, TITLES)) {
                String words = option.source() == null ? null : Homophones.in(option.source().title(), typed);
                if (words != null) {
                    return words;
                }
            }
            return null;
        });
    }

    private static CompletionSuggester.Builder completion(CompletionSuggester.Builder completion, String field, int size,
                                                          CollectionScope scope) {
        List<CompletionContext> contexts = scope.collections() == null
                ? List.of(CompletionContext.of(c -> c.context(x -> x.category(CompletionInput.EVERY_COLLECTION)).prefix(true)))
                : scope.collections().stream().map(name -> CompletionContext.of(c -> c.context(x -> x.category(name)))).toList();
        return completion.field(field).size(size).skipDuplicates(true).contexts(CompletionInput.COLLECTION_CONTEXT, contexts);
    }

    private static boolean isEmpty(CollectionScope scope) {
        return scope.collections() != null && scope.collections().isEmpty();
    }

    private static List<Suggestion> merged(SearchResponse<IndexedDocument> response, int size) {
        Map<String, Suggestion> titles = new LinkedHashMap<>();
        for (CompletionSuggestOption<IndexedDocument> option : options(response, TITLES)) {
            String title = option.source() == null ? null : option.source().title();
            if (title != null) {
                titles.putIfAbsent(title, new Suggestion(title,
                        Suggestion.TITLE, option.id()));
            }
        }
        // one term however each document writes it (AI治理, ai治理), and none that is a title already
        Set<String> folded = new HashSet<>();
        titles.keySet().forEach(title -> folded.add(PrefixFolding.fold(title)));
        List<Suggestion> terms = new ArrayList<>();
        for (CompletionSuggestOption<IndexedDocument> option : options(response, TERMS)) {
            if (folded.add(PrefixFolding.fold(option.text()))) {
                terms.add(new Suggestion(option.text(), Suggestion.TERM, null));
            }
        }
        int termsShown = Math.min(terms.size(), Math.max(size / 2, size - titles.size()));
        List<Suggestion> merged = new ArrayList<>(titles.values().stream().limit(size - termsShown).toList());
        merged.addAll(terms.subList(0, termsShown));
        return merged;
    }

    private static List<CompletionSuggestOption<IndexedDocument>> options(SearchResponse<IndexedDocument> response,
                                                                          String name) {
        List<CompletionSuggestOption<IndexedDocument>> options = new ArrayList<>();
        for (co.elastic.clients.elasticsearch.core.search.Suggestion<IndexedDocument> suggestion
                : response.suggest().getOrDefault(name, List.of())) {
            options.addAll(suggestion.completion().options());
        }
        return options;
    }
}
