package cn.docsearch.search.query;

import java.util.List;

/**
 * What a caller asks for, checked: the query parsed, the mode, a page inside what that mode can rank, what the results
 * are narrowed to, counted by and sorted by. Anything else is an {@link InvalidQueryException} (a 400 problem), in every
 * mode alike.
 */
public record SearchPage(UserQuery query, SearchMode mode, int page, int size, boolean explain, SearchFilters filters,
                         List<FacetField> facets, SearchSort sort) {
    public static final int MAX_SIZE = 100;
    public static final int MAX_QUERY_CHARS = 500;
    /** Semantic and hybrid results are ranked among this many candidates from each side. */
    public static final int RANKED_WINDOW = 100;
    /** How deep Elasticsearch pages a keyword ranking (index.max_result_window in documents-index.json). */
    private static final int MAX_WINDOW = 10_000;

    /** A page of results by relevance, neither filtered nor counted by field. */
    public static SearchPage of(String text, String modeName, int page, int size, boolean explain) {
        return of(text, modeName, page, size, explain, SearchFilters.NONE, List.of(), SearchSort.RELEVANCE);
    }

    public static SearchPage of(String text, String modeName, int page, int size, boolean explain, SearchFilters filters,
                                List<FacetField> facets, SearchSort sort) {
        String cleaned = QueryText.required("Parameter 'q'", text, MAX_QUERY_CHARS);
        SearchMode mode = SearchMode.parse(modeName);
        if (page < 1 || size < 1 || size > MAX_SIZE) {
            throw new InvalidQueryException("'page' must be >= 1 and 'size' between 1 and " + MAX_SIZE);
        }
        int window = mode == SearchMode.KEYWORD ? MAX_WINDOW : RANKED_WINDOW;
        if ((long) page * size > window) {
            throw new InvalidQueryException("Results beyond the first " + window + " cannot be paged to in " + mode.jsonValue()
                    + " mode; refine the query");
        }
        UserQuery query = UserQuery.parse(cleaned);
        if (query.isEmpty()) {
            throw new InvalidQueryException("Parameter 'q' has nothing to search for");
        }
        return new SearchPage(query, mode, page, size, explain, filters, facets, sort);
    }

    /** The rank, from 0, of the page's first hit. */
    public int from() {
        return (page - 1) * size;
    }
}
