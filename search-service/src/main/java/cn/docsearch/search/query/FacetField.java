package cn.docsearch.search.query;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import cn.docsearch.contract.CollectionNames;

/**
 * A field a search can count its results by ({@code facets=tags,source}); each is also a filter of
 * {@link SearchFilters}, so a count can be checked by filtering on its value ({@code year} by dateFrom/dateTo).
 */
public enum FacetField {
    TAGS("tags", "tags"),
    SOURCE("source", "source"),
    AUTHOR("author", "author"),
    CONTENT_TYPE("contentType", "contentType"),
    COLLECTION("collection", "collection"),
    /** The year of documentDate; documents without a date are not counted. */
    YEAR("year", "documentDate");

    /** Fields one search may count by: each is one aggregation over the whole result set. */
    public static final int MAX_FIELDS = 5;
    /** Values shown per field, most frequent first. */
    public static final int TOP_VALUES = 20;

    private final String parameterName;
    private final String indexField;

    FacetField(String parameterName, String indexField) {
        this.parameterName = parameterName;
        this.indexField = indexField;
    }

    /** The names as a caller passes them: comma-separated, repeated, or both; none is an empty list. */
    public static List<FacetField> parse(List<String> parameters) {
        if (parameters == null) {
            return List.of();
        }
        Set<FacetField> fields = new LinkedHashSet<>();
        for (String parameter : parameters) {
            for (String name : parameter.split(",", -1)) {
                fields.add(Arrays.stream(values()).filter(f -> f.parameterName.equals(name.strip())).findFirst()
                        .orElseThrow(() -> new InvalidQueryException("Unknown facet '" + name + "'; use one of "
                                + Arrays.stream(values()).map(FacetField::parameterName).collect(Collectors.joining(", ")))));
            }
        }
        if (fields.size() > MAX_FIELDS) {
            throw new InvalidQueryException(fields.size() + " facets asked for; the limit is " + MAX_FIELDS);
        }
        return List.copyOf(fields);
    }

    /** The name in the request and in the answer's {@code facets}. */
    public String parameterName() {
        return parameterName;
    }

    String indexField() {
        return indexField;
    }

    /** What a document without the field counts as, or null when it is not counted. */
    String missingValue() {
        // documents indexed before collections carry none: they are the default collection's, as CollectionScope says
        return this == COLLECTION ? CollectionNames.DEFAULT : null;
    }
}
