package cn.docsearch.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Facets and sort orders as a caller names them. */
class FacetFieldTest {

    @Test
    void facetsAreCommaSeparatedRepeatedOrBoth() {
        assertThat(FacetField.parse(List.of("tags, source", "year", "tags"))).containsExactly(FacetField.TAGS,
                FacetField.SOURCE, FacetField.YEAR);
        assertThat(FacetField.parse(null)).isEmpty();
    }

    @Test
    void unknownEmptyOrTooManyFacetsAreRefused() {
        assertThatThrownBy(() -> FacetField.parse(List.of("tags,title"))).isInstanceOf(InvalidQueryException.class)
                .hasMessage("Unknown facet 'title'; use one of tags, source, author, contentType, collection, year");
        assertThatThrownBy(() -> FacetField.parse(List.of("tags,"))).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> FacetField.parse(List.of("Tags"))).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> FacetField.parse(List.of("tags,source,author,contentType,collection,year")))
                .isInstanceOf(InvalidQueryException.class).hasMessage("6 facets asked for; the limit is 5");
    }

    @Test
    void sortIsRelevanceByDefaultOrByDateEitherWay() {
        assertThat(SearchSort.parse(null)).isEqualTo(SearchSort.RELEVANCE);
        assertThat(SearchSort.parse("relevance")).isEqualTo(SearchSort.RELEVANCE);
        assertThat(SearchSort.parse("date")).isEqualTo(SearchSort.DATE);
        assertThat(SearchSort.parse("-date")).isEqualTo(SearchSort.NEWEST);
        assertThatThrownBy(() -> SearchSort.parse("title")).isInstanceOf(InvalidQueryException.class)
                .hasMessage("Unknown sort 'title'; use one of relevance, date, -date");
    }

    record Ranked(String id, String date, double score) {
    }

    @Test
    void byDateUndatedResultsComeLastAndTiesKeepTheRankingsOrder() {
        List<Ranked> results = List.of(new Ranked("a", null, 0.9), new Ranked("b", "2024-05-01", 0.5),
                new Ranked("c", "2023-01-01", 0.4), new Ranked("d", "2024-05-01", 0.8), new Ranked("e", "2024-05-01", 0.8));
        Comparator<Ranked> ranking = Comparator.comparingDouble(Ranked::score).reversed().thenComparing(Ranked::id);

        assertThat(results.stream().sorted(SearchSort.DATE.byDate(Ranked::date, ranking)).map(Ranked::id))
                .containsExactly("c", "d", "e", "b", "a");
        assertThat(results.stream().sorted(SearchSort.NEWEST.byDate(Ranked::date, ranking)).map(Ranked::id))
                .containsExactly("d", "e", "b", "c", "a");
    }
}
