package cn.docsearch.search.query;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;

/**
 * Result counts by field, computed by Elasticsearch over the whole result set of the request they ride on (a terms
 * aggregation per field, a yearly histogram for the year), never over a page.
 */
final class Facets {
    private Facets() {
    }

    static Map<String, Aggregation> aggregations(List<FacetField> fields) {
        Map<String, Aggregation> aggregations = new LinkedHashMap<>();
        for (FacetField field : fields) {
            aggregations.put(field.parameterName(), field == FacetField.YEAR
                    ? Aggregation.of(a -> a.dateHistogram(h -> h.field(field.indexField())
                            .calendarInterval(CalendarInterval.Year).format("yyyy").minDocCount(1)))
                    : Aggregation.of(a -> a.terms(t -> {
                        t.field(field.indexField()).size(FacetField.TOP_VALUES);
                        return field.missingValue() == null ? t : t.missing(FieldValue.of(field.missingValue()));
                    })));
        }
        return aggregations;
    }

    /** The counts per field asked for, most frequent first (ties by value); null when none was asked for. */
    static Map<String, List<FacetCount>> read(List<FacetField> fields, Map<String, Aggregate> aggregations) {
        if (fields.isEmpty()) {
            return null;
        }
        Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
        for (FacetField field : fields) {
            Aggregate aggregate = aggregations.get(field.parameterName());
            List<FacetCount> counts = aggregate == null ? List.of() : field == FacetField.YEAR
                    ? aggregate.dateHistogram().buckets().array().stream().map(b -> new FacetCount(b.keyAsString(), b.docCount()))
                            .sorted(Comparator.comparingLong(FacetCount::count).reversed().thenComparing(FacetCount::value))
                            .limit(FacetField.TOP_VALUES).toList()
                    : aggregate.sterms().buckets().array().stream()
                            .map(b -> new FacetCount(b.key().stringValue(), b.docCount())).toList();
            facets.put(field.parameterName(), counts);
        }
        return facets;
    }
}
