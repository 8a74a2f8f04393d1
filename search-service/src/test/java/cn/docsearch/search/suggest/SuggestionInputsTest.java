package cn.docsearch.search.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import cn.docsearch.search.index.CompletionInput;
import cn.docsearch.text.PrefixFolding;

class SuggestionInputsTest {
    @Test
    void aTitleIsMatchedByCharactersPinyinAndInitialsFromItsFirstCharacters() {
        CompletionInput title = SuggestionInputs.title("关于推进乡村振兴的报告", "office");

        assertThat(title.input()).contains("关于推进乡村振兴的报告", "乡村振兴的报告", "guanyutuijinxiangcunzhenxingdebaogao",
                "xiangcunzhenxingdebaogao", "gytjxczxdbg", "xczxdbg");
        // from the ninth character on at most: the title's last two are not a start of their own
        assertThat(title.input()).contains("的报告").doesNotContain("报告");
        // its own collection only: a caller who sees every collection asks for the context prefix ""
        assertThat(title.contexts()).containsEntry(CompletionInput.COLLECTION_CONTEXT, List.of("office"));
    }

    @Test
    void aLongTitlesInputsEndWhereATypedPrefixCan() {
        String title = "关于开展城镇燃气安全专项整治工作情况汇报暨下一阶段工作安排部署的通知";
        List<String> inputs = SuggestionInputs.title(title, "default").input();

        assertThat(inputs).allMatch(input -> input.length() <= SuggestService.MAX_PREFIX_CHARS)
                .contains(title, "guanyukaizhanchengzhenranqianquanzhuanxiangzhengzh", "gykzczrqaqzxzzgzqkhbjxyjdgzapbsdtz")
                .doesNotHaveDuplicates();
        // 的 reads de or di, past the cut: the title's pinyin is one input, not two
        assertThat(inputs).filteredOn(input -> input.startsWith("guanyukaizhan")).hasSize(1);
        assertThat(SuggestionInputs.typable("\uD840\uDC00".repeat(60)))
                .isEqualTo("\uD840\uDC00".repeat(SuggestService.MAX_PREFIX_CHARS));
    }

    @Test
    void aCharacterWithSeveralReadingsIsMatchedByEach() {
        List<String> inputs = SuggestionInputs.title("重庆银行工作报告", "default").input();

        assertThat(inputs).anyMatch(input -> input.startsWith("chongqing")).anyMatch(input -> input.startsWith("zhongqing"))
                .anyMatch(input -> input.startsWith("yinhang")).contains("cqyxgzbg");
    }

    @Test
    void traditionalTitlesArePutAsTypedPrefixesAre() {
        assertThat(SuggestionInputs.title("鄉村振興報告", "default").input()).contains("乡村振兴报告", "xiangcunzhenxingbaogao");
        assertThat(PrefixFolding.fold("《鄉村 振興》AI")).isEqualTo("乡村振兴ai");
    }

    @Test
    void termsAreTagsAndHeadingsWithoutTheirNumbering() {
        CompletionInput terms = SuggestionInputs.terms(List.of("乡村振兴", "试点"),
                List.of("一、总体情况", "（二）主要做法", "3. 存在的问题", "第一是抓好粮食生产", "年"), "default");

        assertThat(terms.input()).containsExactly("乡村振兴", "试点", "总体情况", "主要做法", "存在的问题", "抓好粮食生产");
    }

    @Test
    void termsAreKeptAsWrittenForTheSuggestionToShowAndCountedByWhatATypedPrefixCanMatch() {
        CompletionInput terms = SuggestionInputs.terms(List.of("AI治理", "鄉村振興", "A.", "《》"), List.of(), "default");

        // the field's analyzer folds them as a typed prefix is; "A." and "《》" leave fewer than two letters to type
        assertThat(terms.input()).containsExactly("AI治理", "鄉村振興");
    }
}
