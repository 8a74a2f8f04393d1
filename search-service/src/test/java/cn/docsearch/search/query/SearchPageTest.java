package cn.docsearch.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a search request must be before anything is asked of the model or Elasticsearch. */
class SearchPageTest {

    @Test
    void aQueryIsCleanedParsedAndHybridByDefault() {
        SearchPage page = SearchPage.of(" 乡村振兴 \"高质量发展\" ", null, 3, 10, false);

        assertThat(page.mode()).isEqualTo(SearchMode.HYBRID);
        assertThat(page.query().phrases()).containsExactly("高质量发展");
        assertThat(page.query().terms()).isEqualTo("乡村振兴");
        assertThat(page.from()).isEqualTo(20);
    }

    @Test
    void aQueryWithoutTextIsRefused() {
        assertThatThrownBy(() -> SearchPage.of(null, "keyword", 1, 10, false))
                .isInstanceOf(InvalidQueryException.class).hasMessage("Parameter 'q' is required");
        assertThatThrownBy(() -> SearchPage.of("\u200B\u200D", "keyword", 1, 10, false))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("nothing to search for");
        // operators alone select nothing
        assertThatThrownBy(() -> SearchPage.of("-煤矿 OR", "semantic", 1, 10, false))
                .isInstanceOf(InvalidQueryException.class).hasMessage("Parameter 'q' has nothing to search for");
        assertThatThrownBy(() -> SearchPage.of("字".repeat(SearchPage.MAX_QUERY_CHARS + 1), null, 1, 10, false))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("the limit is " + SearchPage.MAX_QUERY_CHARS);
    }

    @Test
    void pagesStayInsideWhatTheModeRanks() {
        assertThatThrownBy(() -> SearchPage.of("报告", null, 0, 10, false)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> SearchPage.of("报告", null, 1, SearchPage.MAX_SIZE + 1, false))
                .isInstanceOf(InvalidQueryException.class);
        assertThat(SearchPage.of("报告", "keyword", 11, 10, false).from()).isEqualTo(100);
        assertThat(SearchPage.of("报告", "Semantic", 10, 10, true).mode()).isEqualTo(SearchMode.SEMANTIC);
    }

    @Test
    void aPageBeyondWhatANumberReachesSaysWhereToGoOn() {
        // semantic and hybrid rank their window for every page: a page number reaches all of it, and nothing is after it
        assertThat(SearchPage.of("报告", "hybrid", 100, 10, false).from()).isEqualTo(990);
        assertThatThrownBy(() -> SearchPage.of("报告", "semantic", 101, 10, false))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Page 101 of 10 starts beyond the best 1000 results, all that semantic mode ranks; narrow the "
                        + "query with filters, or walk every match in keyword mode with the 'next' cursor (cursor=...)");
        // keyword pages by number as deep as Elasticsearch pages by from and size; a cursor goes on from there
        assertThat(SearchPage.of("报告", "keyword", 100, 100, false).from()).isEqualTo(9_900);
        assertThatThrownBy(() -> SearchPage.of("报告", "keyword", 101, 100, false))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Page 101 of 100 ends beyond the first 10000 results, the deepest a page number reaches; to go "
                        + "further, follow the 'next' cursor of each page (cursor=...)");
    }

    @Test
    void aCursorSaysWhereItsPageStartsSoAPageNumberIsRefusedBesideIt() {
        assertThat(SearchPage.of("报告", "keyword", 1, 10, false, SearchFilters.NONE, List.of(), SearchSort.RELEVANCE,
                "abc").cursor()).isEqualTo("abc");
        assertThatThrownBy(() -> SearchPage.of("报告", "keyword", 2, 10, false, SearchFilters.NONE, List.of(),
                SearchSort.RELEVANCE, "abc")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("'page' and 'cursor' cannot be combined");
    }

    @Test
    void anUnknownModeIsRefusedWithTheModesThereAre() {
        assertThatThrownBy(() -> SearchPage.of("报告", "fuzzy", 1, 10, false))
                .isInstanceOf(InvalidQueryException.class).hasMessage("Unknown mode 'fuzzy'; use one of keyword, semantic, hybrid");
    }
}
