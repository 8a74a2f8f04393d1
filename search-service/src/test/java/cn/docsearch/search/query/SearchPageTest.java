package cn.docsearch.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThatThrownBy(() -> SearchPage.of("报告", "hybrid", 11, 10, false))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("first " + SearchPage.RANKED_WINDOW);
        assertThat(SearchPage.of("报告", "keyword", 11, 10, false).from()).isEqualTo(100);
        assertThat(SearchPage.of("报告", "Semantic", 10, 10, true).mode()).isEqualTo(SearchMode.SEMANTIC);
    }

    @Test
    void anUnknownModeIsRefusedWithTheModesThereAre() {
        assertThatThrownBy(() -> SearchPage.of("报告", "fuzzy", 1, 10, false))
                .isInstanceOf(InvalidQueryException.class).hasMessage("Unknown mode 'fuzzy'; use one of keyword, semantic, hybrid");
    }
}
