package cn.docsearch.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SearchParameterNamesTest {
    @Test
    void everyKnownNamePasses() {
        assertThat(SearchParameterNames.unknown(SearchParameterNames.PUBLIC, SearchParameterNames.PUBLIC)).isEmpty();
        assertThat(SearchParameterNames.unknown(List.of("q", "collections", "tags"), SearchParameterNames.SERVICE)).isEmpty();
        assertThat(SearchParameterNames.SERVICE).containsAll(SearchParameterNames.PUBLIC).contains("collections");
    }

    @Test
    void theFirstUnknownNameIsShownWithTheNamesTaken() {
        assertThat(SearchParameterNames.unknown(List.of("q", "authr", "colour"), SearchParameterNames.PUBLIC))
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("Unknown parameter 'authr'; a search takes ")
                        .contains("author").contains("dateFrom").doesNotContain("collections"));
        // the caller's scope is the gateway's to send
        assertThat(SearchParameterNames.unknown(List.of("collections"), SearchParameterNames.PUBLIC)).isPresent();
    }

    @Test
    void aNameIsShownWithoutCharactersThatCarryNoTextAndCutShort() {
        assertThat(SearchParameterNames.unknown(List.of("a\u0000b\u202Ec\uD800"), SearchParameterNames.PUBLIC))
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("Unknown parameter 'a?b?c?';"));
        String longName = "标".repeat(63) + "\uD842\uDFB7" + "x";
        assertThat(SearchParameterNames.unknown(List.of(longName), SearchParameterNames.PUBLIC))
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("Unknown parameter '" + "标".repeat(63)
                        + "\uD842\uDFB7…';"));
    }
}
