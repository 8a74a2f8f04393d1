package cn.docsearch.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.docsearch.search.index.CollectionScope;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;

/** The filters a caller passes, checked before anything is asked of Elasticsearch. */
class SearchFiltersTest {

    @Test
    void valuesAreKeptAsWrittenAndDatesReadAsBounds() {
        SearchFilters filters = SearchFilters.of(List.of("乡村振兴", "乡村振兴", "调研"), List.of("县政府办"), null,
                List.of("text/plain"), List.of("reports"), "2024-01-01", "2024-12-31", "2026-03-01", "2026-03-02T16:00:00+08:00");

        assertThat(filters.tags()).containsExactly("乡村振兴", "调研");
        assertThat(filters.sources()).containsExactly("县政府办");
        assertThat(filters.authors()).isEmpty();
        assertThat(filters.dateFrom()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(filters.ingestedFrom()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(filters.ingestedTo()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        // a date as the upper bound admits its whole day, to the millisecond ingestedAt is stored to
        assertThat(SearchFilters.of(null, null, null, null, null, null, null, null, "2026-03-01").ingestedTo())
                .isEqualTo(Instant.parse("2026-03-01T23:59:59.999Z"));
    }

    @Test
    void malformedOrReversedDatesAreRefused() {
        for (String date : List.of("2024-1-01", "2024/01/01", "20240101", "2024-02-30", "24-01-01", "", "2024-01-01T00:00:00Z")) {
            assertThatThrownBy(() -> SearchFilters.of(null, null, null, null, null, date, null, null, null)).as(date)
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("'dateFrom' must be a date");
        }
        assertThatThrownBy(() -> SearchFilters.of(null, null, null, null, null, "2024-05-02", "2024-05-01", null, null))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("is after 'dateTo'");
        assertThatThrownBy(() -> SearchFilters.of(null, null, null, null, null, null, null, "2026-03-02", "2026-03-01T12:00:00Z"))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("is after 'ingestedTo'");
        assertThatThrownBy(() -> SearchFilters.of(null, null, null, null, null, null, null, "yesterday", null))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("'ingestedFrom' must be a date");
        assertThatThrownBy(() -> SearchFilters.of(null, null, null, null, null, null, null, "+12026-03-01T00:00:00Z", null))
                .isInstanceOf(InvalidQueryException.class);
        // the same day is a range of one day
        assertThat(SearchFilters.of(null, null, null, null, null, "2024-05-01", "2024-05-01", "2026-03-01", "2026-03-01")
                .dateTo()).isEqualTo(LocalDate.of(2024, 5, 1));
    }

    @Test
    void emptyOddOrTooManyValuesAreRefused() {
        for (String value : List.of("", "  ", "\u0000", "a\u0007b", "\uD800", "x\uDC00", "a\u200Bb", "\uFEFF", "x\uFFFD")) {
            assertThatThrownBy(() -> SearchFilters.of(List.of("ok", value), null, null, null, null, null, null, null, null))
                    .as(value).isInstanceOf(InvalidQueryException.class).hasMessageContaining("'tags'");
        }
        assertThatThrownBy(() -> SearchFilters.of(null, null, Collections.nCopies(SearchFilters.MAX_VALUES + 1, "张三"), null,
                null, null, null, null, null)).isInstanceOf(InvalidQueryException.class)
                .hasMessage("Parameter 'author' has 51 values; the limit is 50");
        assertThatThrownBy(() -> SearchFilters.of(null, List.of("源".repeat(SearchFilters.MAX_VALUE_CHARS + 1)), null, null,
                null, null, null, null, null)).isInstanceOf(InvalidQueryException.class).hasMessageContaining("'source'");
        // a joiner inside an emoji sequence is text, kept as documents keep it
        assertThat(SearchFilters.of(List.of("👩\u200D💻"), null, null, null, null, null, null, null, null).tags())
                .containsExactly("👩\u200D💻");
    }

    @Test
    void collectionsNamedNarrowTheScopeAndNeverWidenIt() {
        CollectionScope scope = new CollectionScope(List.of("a", "b"));

        assertThat(scope.narrowedTo(List.of("b", "c")).collections()).containsExactly("b");
        assertThat(scope.narrowedTo(List.of("c")).collections()).isEmpty();
        assertThat(CollectionScope.ALL.narrowedTo(List.of("c")).collections()).containsExactly("c");
        Query outside = SearchFilters.of(null, null, null, null, List.of("c"), null, null, null, null)
                .apply(Query.of(q -> q.matchAll(m -> m)), scope);
        assertThat(outside.toString()).contains("\"terms\":{\"collection\":[]}");
    }

    @Test
    void noFilterLeavesTheQueryAsItIs() {
        Query query = Query.of(q -> q.matchAll(m -> m));
        assertThat(SearchFilters.NONE.apply(query, CollectionScope.ALL)).isSameAs(query);
        assertThat(SearchFilters.of(List.of(), null, null, null, null, null, null, null, null)).isEqualTo(SearchFilters.NONE);
    }
}
