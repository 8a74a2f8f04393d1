package cn.docsearch.search.query;

import java.util.Comparator;
import java.util.function.Function;

/**
 * The order of results: by relevance (the default), or by documentDate, oldest ({@code date}) or newest ({@code -date})
 * first, documents without a date last, ties by relevance then id. Sorting orders the same results: in semantic and
 * hybrid mode the candidates the ranking draws from, not others.
 */
public enum SearchSort {
    RELEVANCE("relevance"), DATE("date"), NEWEST("-date");

    private final String parameterValue;

    SearchSort(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    public static SearchSort parse(String value) {
        if (value == null || value.isBlank()) {
            return RELEVANCE;
        }
        for (SearchSort sort : values()) {
            if (sort.parameterValue.equals(value.strip())) {
                return sort;
            }
        }
        throw new InvalidQueryException("Unknown sort '" + value + "'; use one of relevance, date, -date");
    }

    public boolean byDate() {
        return this != RELEVANCE;
    }

    /**
     * The order of ranked results by their documentDate (ISO dates, which compare as text), the documents without one
     * last, ties in the ranking's own order; only for a sort {@linkplain #byDate() by date}.
     *
     * @param date a result's documentDate, or null
     */
    <T> Comparator<T> byDate(Function<T, String> date, Comparator<T> ranking) {
        Comparator<String> dates = this == NEWEST ? Comparator.<String>reverseOrder() : Comparator.<String>naturalOrder();
        return Comparator.comparing(date, Comparator.nullsLast(dates)).thenComparing(ranking);
    }
}
