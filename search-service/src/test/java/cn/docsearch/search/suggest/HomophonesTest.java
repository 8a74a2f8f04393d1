package cn.docsearch.search.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HomophonesTest {
    private static final String TITLE = "关于全面推进乡村振兴工作的报告";

    @Test
    void aHomophoneTypedWithAPinyinInputMethodFindsTheTitlesWords() {
        assertThat(Homophones.in(TITLE, "乡村振心")).isEqualTo("乡村振兴");
        assertThat(Homophones.in(TITLE, "香村振兴")).isEqualTo("乡村振兴");
    }

    @Test
    void pinyinAndInitialsTypedWithoutConvertingThemFindTheWords() {
        assertThat(Homophones.in(TITLE, "xiangcunzhenxing")).isEqualTo("乡村振兴");
        assertThat(Homophones.in(TITLE, "xczx")).isEqualTo("乡村振兴");
    }

    @Test
    void nothingIsProposedForWordsTheTitleDoesNotHaveOrForTheQueryItself() {
        assertThat(Homophones.in(TITLE, "城市更新")).isNull();
        assertThat(Homophones.in(TITLE, "乡村振兴")).isNull();
        // a short query must sound the same throughout: 工程 is not 工作
        assertThat(Homophones.in(TITLE, "工程")).isNull();
    }

    @Test
    void nasalFinalsAndRetroflexInitialsSoundAlike() {
        assertThat(Homophones.soundAlike("xin", "xing")).isTrue();
        assertThat(Homophones.soundAlike("zhen", "zen")).isTrue();
        assertThat(Homophones.soundAlike("shi", "si")).isTrue();
        assertThat(Homophones.soundAlike("xiang", "xiong")).isFalse();
    }
}
