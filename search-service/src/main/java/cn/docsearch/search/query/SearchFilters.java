package cn.docsearch.search.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.text.DocumentText;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;

/**
 * What a caller narrows a search to, checked: each field's values are OR'ed, the fields AND'ed. Applied inside every
 * request of a search (the keyword query's filter context, the kNN search's filter, so that Elasticsearch picks the k
 * nearest among the matching documents only), so a narrow filter never empties a page while matching documents exist.
 * The collections named are intersected with the caller's scope: they never widen it.
 *
 * @param dateFrom     first documentDate admitted, or null
 * @param dateTo       last documentDate admitted, or null
 * @param ingestedFrom earliest ingestedAt admitted, or null
 * @param ingestedTo   latest ingestedAt admitted, or null (a date given as the bound admits its whole day, UTC)
 */
public record SearchFilters(List<String> tags, List<String> sources, List<String> authors, List<String> contentTypes,
                            List<String> collections, LocalDate dateFrom, LocalDate dateTo, Instant ingestedFrom,
                            Instant ingestedTo) {
    public static final SearchFilters NONE = new SearchFilters(List.of(), List.of(), List.of(), List.of(), List.of(),
            null, null, null, null);
    public static final int MAX_VALUES = 50;
    /** Longer values are not indexed (ignore_above in documents-index.json), so they could match nothing. */
    public static final int MAX_VALUE_CHARS = 1024;
    private static final char REPLACEMENT_CHARACTER = '\uFFFD';
    /** Four-digit years only: Elasticsearch's date formats read no other. */
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** The filters a caller passes, by parameter name; any value that cannot be what it says is a 400 problem. */
    public static SearchFilters of(List<String> tags, List<String> sources, List<String> authors, List<String> contentTypes,
                                   List<String> collections, String dateFrom, String dateTo, String ingestedFrom,
                                   String ingestedTo) {
        LocalDate from = date("dateFrom", dateFrom);
        LocalDate to = date("dateTo", dateTo);
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidQueryException("'dateFrom' (" + from + ") is after 'dateTo' (" + to + ")");
        }
        Instant ingestedSince = instant("ingestedFrom", ingestedFrom, false);
        Instant ingestedUntil = instant("ingestedTo", ingestedTo, true);
        if (ingestedSince != null && ingestedUntil != null && ingestedSince.isAfter(ingestedUntil)) {
            throw new InvalidQueryException("'ingestedFrom' (" + ingestedFrom + ") is after 'ingestedTo' (" + ingestedTo + ")");
        }
        return new SearchFilters(values("tags", tags), values("source", sources), values("author", authors),
                values("contentType", contentTypes), values("collection", collections), from, to, ingestedSince,
                ingestedUntil);
    }

    /** The query narrowed to these filters and to the caller's scope (itself narrowed to the collections named). */
    public Query apply(Query query, CollectionScope scope) {
        List<Query> clauses = new ArrayList<>();
        addTerms(clauses, "tags", tags);
        addTerms(clauses, "source", sources);
        addTerms(clauses, "author", authors);
        addTerms(clauses, "contentType", contentTypes);
        if (dateFrom != null || dateTo != null) {
            clauses.add(dateRange("documentDate", "strict_date", dateFrom == null ? null : dateFrom.toString(),
                    dateTo == null ? null : dateTo.toString()));
        }
        if (ingestedFrom != null || ingestedTo != null) {
            clauses.add(dateRange("ingestedAt", "strict_date_optional_time", ingestedFrom == null ? null : ingestedFrom.toString(),
                    ingestedTo == null ? null : ingestedTo.toString()));
        }
        CollectionScope narrowed = collections.isEmpty() ? scope : scope.narrowedTo(collections);
        return narrowed.restrict(clauses.isEmpty() ? query : Query.of(q -> q.bool(b -> b.filter(clauses).must(query))));
    }

    /** Both bounds inclusive; null for none. */
    private static Query dateRange(String field, String format, String from, String to) {
        return Query.of(q -> q.range(r -> r.date(d -> {
            d.field(field).format(format);
            if (from != null) {
                d.gte(from);
            }
            return to == null ? d : d.lte(to);
        })));
    }

    private static void addTerms(List<Query> clauses, String field, List<String> values) {
        if (!values.isEmpty()) {
            List<FieldValue> terms = values.stream().map(FieldValue::of).toList();
            clauses.add(Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(terms)))));
        }
    }

    /**
     * A filter value is compared with stored values as it is: a value with characters documents never keep (control,
     * zero-width or format characters, unpaired surrogates or what they become on the way, the replacement character), or
     * with nothing that carries text, can only be a mistake.
     */
    private static List<String> values(String parameter, List<String> values) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        if (values.size() > MAX_VALUES) {
            throw new InvalidQueryException("Parameter '" + parameter + "' has " + values.size() + " values; the limit is "
                    + MAX_VALUES);
        }
        for (String value : values) {
            if (value == null || !DocumentText.hasText(value)) {
                throw new InvalidQueryException("Parameter '" + parameter + "' has an empty value");
            }
            if (value.length() > MAX_VALUE_CHARS) {
                throw new InvalidQueryException("A value of parameter '" + parameter + "' has " + value.length()
                        + " characters; the limit is " + MAX_VALUE_CHARS);
            }
            // an unpaired surrogate reaches a service as the replacement character (its bytes are not UTF-8)
            if (!DocumentText.clean(value).equals(value) || value.indexOf(REPLACEMENT_CHARACTER) >= 0) {
                throw new InvalidQueryException("A value of parameter '" + parameter + "' has control, zero-width or "
                        + "format characters or an unpaired surrogate");
            }
        }
        return values.stream().distinct().toList();
    }

    private static LocalDate date(String parameter, String text) {
        if (text == null) {
            return null;
        }
        try {
            if (ISO_DATE.matcher(text).matches()) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // an impossible day (2026-02-30): refused below like any other malformed date
        }
        throw new InvalidQueryException("Parameter '" + parameter + "' must be a date written yyyy-MM-dd");
    }

    /**
     * A date (its whole day, UTC) or an instant with its offset (2026-03-01T08:00:00Z, 2026-03-01T16:00:00+08:00).
     *
     * @param upperBound whether a date stands for the last millisecond of its day (ingestedAt is stored to the
     *                   millisecond) rather than the first
     */
    private static Instant instant(String parameter, String text, boolean upperBound) {
        if (text == null) {
            return null;
        }
        if (ISO_DATE.matcher(text).matches()) {
            LocalDate day = date(parameter, text);
            return upperBound ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1)
                    : day.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(text);
            Instant instant = time.toInstant();
            if (instant.atOffset(ZoneOffset.UTC).getYear() >= 0 && instant.atOffset(ZoneOffset.UTC).getYear() <= 9999) {
                return instant;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new InvalidQueryException("Parameter '" + parameter + "' must be a date (yyyy-MM-dd) or an instant "
                + "with its offset (yyyy-MM-ddTHH:mm:ssZ)");
    }
}
