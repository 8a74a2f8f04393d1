package cn.docsearch.search.query;

/** One value of a facet field and how many results have it. */
public record FacetCount(String value, long count) {
}
