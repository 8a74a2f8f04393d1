package cn.docsearch.search.rest;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedMap;

import cn.docsearch.contract.SearchParameterNames;
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
        SearchParameterNames.unknown(query.keySet(), SearchParameterNames.SERVICE).ifPresent(detail -> {
            throw new InvalidQueryException(detail);
        });
    }

    private SearchFilters filters(MultivaluedMap<String, String> query) {
        return SearchFilters.of(query.get("tags"), query.get("source"), query.get("author"), query.get("contentType"),
                query.get("collection"), dateFrom, dateTo, ingestedFrom, ingestedTo);
    }
}
