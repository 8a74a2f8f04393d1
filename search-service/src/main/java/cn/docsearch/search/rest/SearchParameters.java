package cn.docsearch.search.rest;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedMap;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.search.query.FacetField;
import cn.docsearch.search.query.InvalidQueryException;
import cn.docsearch.search.query.SearchFilters;
import cn.docsearch.search.query.SearchPage;
import cn.docsearch.search.query.SearchSort;

/**
 * The query parameters of {@code GET /search} (besides the caller's collections): tags, source, author, contentType and
 * collection are repeated to give several values ({@code tags=a&tags=b}: either); facets are comma-separated, repeated,
 * or both; {@code cursor} is the {@code next} of a previous page; {@code passages=true} adds each hit's passages to its
 * snippet, {@code fold=false} shows near-identical results apart. An unknown parameter is refused, so that a misspelt
 * filter never widens a search unnoticed.
 */
public class SearchParameters {
    /** Every parameter a search or an export takes, the caller's collections included. */
    static final Set<String> NAMES = Set.of("q", "mode", "page", "size", "explain", "dateFrom", "dateTo", "ingestedFrom",
            "ingestedTo", "sort", "cursor", "passages", "fold", "tags", "source", "author", "contentType", "collection",
            "facets", CollectionNames.SCOPE_PARAMETER);
    private static final int NAME_SHOWN = 64;

    @QueryParam("q")
    String q;
    @QueryParam("mode")
    String mode;
    @QueryParam("page")
    @DefaultValue("1")
    int page;
    @QueryParam("size")
    @DefaultValue("10")
    int size;
    @QueryParam("explain")
    @DefaultValue("false")
    boolean explain;
    @QueryParam("dateFrom")
    String dateFrom;
    @QueryParam("dateTo")
    String dateTo;
    @QueryParam("ingestedFrom")
    String ingestedFrom;
    @QueryParam("ingestedTo")
    String ingestedTo;
    @QueryParam("sort")
    String sort;
    @QueryParam("cursor")
    String cursor;
    @QueryParam("passages")
    @DefaultValue("false")
    boolean passages;
    @QueryParam("fold")
    @DefaultValue("true")
    boolean fold;

    /**
     * The request checked: anything it cannot be is an InvalidQueryException (a 400 problem).
     *
     * @param query every parameter of the request line: the repeatable ones are read there, since a list parameter
     *              drops empty values ({@code tags=}), which are refused
     */
    SearchPage page(MultivaluedMap<String, String> query) {
        rejectUnknown(query);
        return SearchPage.of(q, mode, page, size, explain, filters(query), FacetField.parse(query.get("facets")),
                SearchSort.parse(sort), cursor).showing(passages, fold);
    }

    /**
     * The search to export: its query, mode, filters and sort; what only a page has (page, size, cursor...) is left.
     * Every result is exported, none folded, with its best passage.
     */
    SearchPage export(MultivaluedMap<String, String> query) {
        rejectUnknown(query);
        return SearchPage.of(q, mode, 1, SearchPage.MAX_SIZE, false, filters(query), List.of(), SearchSort.parse(sort),
                null).showing(true, false);
    }

    private static void rejectUnknown(MultivaluedMap<String, String> query) {
        for (String name : query.keySet()) {
            if (!NAMES.contains(name)) {
                String shown = name.length() > NAME_SHOWN ? name.substring(0, NAME_SHOWN) + "…" : name;
                throw new InvalidQueryException("Unknown parameter '" + shown + "'; a search takes "
                        + String.join(", ", new TreeSet<>(NAMES)));
            }
        }
    }

    private SearchFilters filters(MultivaluedMap<String, String> query) {
        return SearchFilters.of(query.get("tags"), query.get("source"), query.get("author"), query.get("contentType"),
                query.get("collection"), dateFrom, dateTo, ingestedFrom, ingestedTo);
    }
}
