package cn.docsearch.search.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserQueryTest {

    @Test
    void splitsAsciiAndChineseQuotedPhrasesFromFreeTerms() {
        UserQuery query = UserQuery.parse("乡村振兴 \"高质量发展\" 报告 “全面从严治党”");
        assertThat(query.phrases()).containsExactly("高质量发展", "全面从严治党");
        assertThat(query.terms()).isEqualTo("乡村振兴 报告");
    }

    @Test
    void unpairedQuoteIsPunctuationNotAPhrase() {
        UserQuery query = UserQuery.parse("新质生产力\"");
        assertThat(query.phrases()).isEmpty();
        assertThat(query.terms()).isEqualTo("新质生产力");
    }

    @Test
    void onlyQuotesIsEmpty() {
        assertThat(UserQuery.parse("\"\" “ ”").isEmpty()).isTrue();
    }
}
