package cn.docsearch.search.query;

import java.util.List;

/**
 * What a caller asks for, checked: the query parsed, the mode, a page inside what that mode can rank (by number, or
 * after a {@link SearchCursor}), what the results are narrowed to, counted by and sorted by. Anything else is an
 * {@link InvalidQueryException} (a 400 problem), in every mode alike.
 *
 * @param cursor   the {@code next} of a previous page, as the caller sent it, or null for the page numbered {@code page}
 * @param passages whether each hit carries its passages that answer, besides its snippet
 * @param fold     whether near-identical results of a page are folded under the best of them ({@link NearDuplicates})
 */
public record SearchPage(UserQuery query, SearchMode mode, int page, int size, boolean explain, SearchFilters filters,
                         List<FacetField> facets, SearchSort sort, String cursor, boolean passages, boolean fold) {
    public static final int MAX_SIZE = 100;
    public static final int MAX_QUERY_CHARS = 500;
    /**
     * Semantic and hybrid results are ranked among this many candidates from each side, for every page alike, so that
     * pages (by number or by cursor) are slices of one ranking: none repeats another's documents.
     */
    public static final int RANKED_WINDOW = 1_000;
    /**
     * How deep a keyword ranking is paged by number (index.max_result_window in documents-index.json); a cursor goes
     * on past it.
     */
    public static final int KEYWORD_PAGED_WINDOW = 10_000;

    /** A page of results by relevance, neither filtered nor counted by field. */
    public static SearchPage of(String text, String modeName, int page, int size, boolean explain) {
        return of(text, modeName, page, size, explain, SearchFilters.NONE, List.of(), SearchSort.RELEVANCE, null);
    }

    public static SearchPage of(String text, String modeName, int page, int size, boolean explain, SearchFilters filters,
                                List<FacetField> facets, SearchSort sort, String cursor) {
        String cleaned = QueryText.required("Parameter 'q'", text, MAX_QUERY_CHARS);
        SearchMode mode = SearchMode.parse(modeName);
        if (page < 1 || size < 1 || size > MAX_SIZE) {
            throw new InvalidQueryException("'page' must be >= 1 and 'size' between 1 and " + MAX_SIZE);
        }
        if (cursor != null && page > 1) {
            throw new InvalidQueryException("'page' and 'cursor' cannot be combined: a cursor says where its page starts");
        }
        if (mode == SearchMode.KEYWORD && (long) page * size > KEYWORD_PAGED_WINDOW) {
            throw new InvalidQueryException("Page " + page + " of " + size + " ends beyond the first "
                    + KEYWORD_PAGED_WINDOW + " results, the deepest a page number reaches; to go further, follow the "
                    + "'next' cursor of each page (cursor=...)");
        }
        if (mode != SearchMode.KEYWORD && (long) (page - 1) * size >= RANKED_WINDOW) {
            throw new InvalidQueryException("Page " + page + " of " + size + " starts beyond the best " + RANKED_WINDOW
                    + " results, all that " + mode.jsonValue() + " mode ranks; narrow the query with filters, or walk "
                    + "every match in keyword mode with the 'next' cursor (cursor=...)");
        }
        UserQuery query = UserQuery.parse(cleaned);
        if (query.isEmpty()) {
            throw new InvalidQueryException("Parameter 'q' has nothing to search for");
        }
        return new SearchPage(query, mode, page, size, explain, filters, facets, sort, cursor, false, true);
    }

    /** The same search, its hits shown with or without their passages, near-identical ones folded or not. */
    public SearchPage showing(boolean withPassages, boolean folded) {
        return new SearchPage(query, mode, page, size, explain, filters, facets, sort, cursor, withPassages, folded);
    }

    /** The rank, from 0, of the first hit of the page numbered {@link #page}. */
    public int from() {
        return (page - 1) * size;
    }
}
