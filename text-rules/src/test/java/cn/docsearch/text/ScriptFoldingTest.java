package cn.docsearch.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptFoldingTest {

    @ParameterizedTest
    @CsvSource({"鄉村振興, 乡村振兴", "糧食安全政治責任, 粮食安全政治责任", "堅持黨的領導, 坚持党的领导",
            "數字經濟發展報告, 数字经济发展报告", "頭髮與麵條, 头发与面条"})
    void traditionalTextFoldsToTheSimplifiedOne(String traditional, String simplified) {
        assertThat(ScriptFolding.toSimplified(traditional)).isEqualTo(simplified);
    }

    @Test
    void simplifiedTextAndOtherScriptsAreLeftAsTheyAre() {
        String text = "乡村振兴战略 2026年 GDP增长5.2% 😀 𠀀";
        assertThat(ScriptFolding.toSimplified(text)).isSameAs(text);
    }

    @Test
    void whereOpenCcOffersSeveralFormsItsFirstIsTaken() {
        // 乾 stays (乾隆, 乾坤), 於 becomes 于
        assertThat(ScriptFolding.toSimplified("乾坤於此")).isEqualTo("乾坤于此");
    }

    @Test
    void foldingKeepsEveryOffset() {
        String traditional = "一、堅持糧食安全（二）鞏固脫貧攻堅成果";
        String folded = ScriptFolding.toSimplified(traditional);
        assertThat(folded).hasSameSizeAs(traditional).isEqualTo("一、坚持粮食安全（二）巩固脱贫攻坚成果");
        for (int i = 0; i < traditional.length(); i++) {
            assertThat(folded.charAt(i)).isEqualTo(ScriptFolding.fold(traditional.charAt(i)));
        }
    }

    @Test
    void foldsABufferInPlaceWithinTheGivenRange() {
        char[] buffer = "國國國國".toCharArray();
        ScriptFolding.foldInPlace(buffer, 1, 2);
        assertThat(new String(buffer)).isEqualTo("國国国國");
    }
}
