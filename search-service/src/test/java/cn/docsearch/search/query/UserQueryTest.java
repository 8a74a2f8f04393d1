package cn.docsearch.search.query;

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

    @Test
    void minusExcludesAWordOrAPhrase() {
        UserQuery query = UserQuery.parse("安全生产 -煤矿 -“危险化学品” 检查");
        assertThat(query.terms()).isEqualTo("安全生产 检查");
        assertThat(query.excluded()).containsExactly("煤矿", "危险化学品");
        assertThat(query.meaning()).isEqualTo("安全生产 检查");
    }

    @Test
    void orJoinsItsNeighboursIntoOneGroupOfWhichOneMustMatch() {
        UserQuery query = UserQuery.parse("防汛 OR 抗旱 OR \"森林防火\" 预案");
        assertThat(query.alternatives()).containsExactly(java.util.List.of("防汛", "抗旱", "森林防火"));
        assertThat(query.terms()).isEqualTo("预案");
        assertThat(UserQuery.parse("OR 预案 OR").terms()).isEqualTo("预案");
    }

    @Test
    void exclusionsAloneSearchForNothing() {
        assertThat(UserQuery.parse("-煤矿 - --").isEmpty()).isTrue();
    }
}
