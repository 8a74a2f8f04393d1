package cn.docsearch.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.docsearch.search.index.CollectionScope;

import co.elastic.clients.elasticsearch._types.FieldValue;

/** What a cursor carries from one page to the next, and which cursors a search refuses. */
class SearchCursorTest {
    private static final SearchPage SEARCH = page("乡村振兴 报告", "keyword", SearchFilters.NONE, SearchSort.RELEVANCE);
    private static final String FINGERPRINT = SearchCursor.fingerprint(SEARCH, CollectionScope.ALL);

    private static SearchPage page(String q, String mode, SearchFilters filters, SearchSort sort) {
        return SearchPage.of(q, mode, 1, 10, false, filters, List.of(), sort, null);
    }

    @Test
    void aKeywordCursorCarriesItsPointInTimeAndTheSortValuesOfTheLastHitUnchanged() {
        List<FieldValue> after = List.of(FieldValue.of(1012.4375), FieldValue.of(Long.MIN_VALUE), FieldValue.of("doc-7"));
        String next = SearchCursor.keyword(FINGERPRINT, 200, "pit-id==", after).encode();

        assertThat(next).matches("[A-Za-z0-9_-]+");
        SearchCursor cursor = SearchCursor.decode(next, FINGERPRINT);
        assertThat(cursor.offset()).isEqualTo(200);
        assertThat(cursor.pointInTime()).isEqualTo("pit-id==");
        assertThat(cursor.afterValues()).extracting(FieldValue::_get).containsExactly(1012.4375, Long.MIN_VALUE, "doc-7");
        // a whole-number score stays a floating-point value, as Elasticsearch's _score sort takes it
        assertThat(SearchCursor.decode(SearchCursor.keyword(FINGERPRINT, 10, null,
                List.of(FieldValue.of(3.0), FieldValue.of("a"))).encode(), FINGERPRINT).afterValues().get(0).isDouble())
                .isTrue();
    }

    @Test
    void aRankedCursorCarriesItsRankOnly() {
        SearchCursor cursor = SearchCursor.decode(SearchCursor.ranked(FINGERPRINT, 50).encode(), FINGERPRINT);

        assertThat(cursor.offset()).isEqualTo(50);
        assertThat(cursor.pointInTime()).isNull();
        assertThat(cursor.afterValues()).isEmpty();
    }

    @Test
    void theFingerprintIsTheSearchsQueryModeFiltersSortAndScopeButNotHowTheQueryIsSpaced() {
        assertThat(SearchCursor.fingerprint(page("  乡村振兴   报告 ", "keyword", SearchFilters.NONE, SearchSort.RELEVANCE),
                CollectionScope.ALL)).isEqualTo(FINGERPRINT);
        SearchFilters tagged = SearchFilters.of(List.of("试点"), null, null, null, null, null, null, null, null);
        List<String> others = List.of(
                SearchCursor.fingerprint(page("乡村振兴", "keyword", SearchFilters.NONE, SearchSort.RELEVANCE), CollectionScope.ALL),
                SearchCursor.fingerprint(page("乡村振兴 报告", "hybrid", SearchFilters.NONE, SearchSort.RELEVANCE), CollectionScope.ALL),
                SearchCursor.fingerprint(page("乡村振兴 报告", "keyword", tagged, SearchSort.RELEVANCE), CollectionScope.ALL),
                SearchCursor.fingerprint(page("乡村振兴 报告", "keyword", SearchFilters.NONE, SearchSort.NEWEST), CollectionScope.ALL),
                SearchCursor.fingerprint(SEARCH, CollectionScope.parse("finance")));
        assertThat(others).doesNotHaveDuplicates().doesNotContain(FINGERPRINT);
    }

    @Test
    void aCursorOfAnotherSearchIsRefusedSayingSo() {
        String next = SearchCursor.ranked(FINGERPRINT, 10).encode();
        String hybrid = SearchCursor.fingerprint(page("乡村振兴 报告", "hybrid", SearchFilters.NONE, SearchSort.RELEVANCE),
                CollectionScope.ALL);

        assertThatThrownBy(() -> SearchCursor.decode(next, hybrid)).isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("belongs to another search");
    }

    @Test
    void whatThisServiceDidNotWriteIsRefusedAsMalformed() {
        List<String> malformed = List.of("garbage!", "AAAA", encoded("null"), encoded("[]"), encoded("{}"),
                encoded("{\"fingerprint\":\"" + FINGERPRINT + "\",\"offset\":-1}"),
                encoded("{\"fingerprint\":\"" + FINGERPRINT + "\",\"offset\":10,\"after\":[{\"x\":1}]}"),
                encoded("{\"fingerprint\":\"" + FINGERPRINT + "\",\"offset\":10,\"extra\":1}"),
                "A".repeat(SearchCursor.MAX_CHARS + 1));
        for (String cursor : malformed) {
            assertThatThrownBy(() -> SearchCursor.decode(cursor, FINGERPRINT)).as(cursor)
                    .isInstanceOf(InvalidCursorException.class).hasMessageContaining("malformed");
        }
    }

    private static String encoded(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
