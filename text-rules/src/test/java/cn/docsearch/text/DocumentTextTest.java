package cn.docsearch.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DocumentTextTest {

    @ParameterizedTest(name = "{index}: U+{0}")
    @ValueSource(strings = {"0000", "0001", "001F", "007F", "0080", "009F", "200B", "200C", "200D", "200E", "200F",
            "202E", "2060", "2066", "FEFF", "00AD", "FFFE", "FFFF", "D800", "DFFF", "E0001", "E0041", "E007F"})
    void aTextOfOnlyCharactersThatCarryNoTextHasNone(String hex) {
        String one = new String(Character.toChars(Integer.parseInt(hex, 16)));
        String many = one.repeat(5) + " \n\t" + one;

        assertThat(DocumentText.clean(one)).isEmpty();
        assertThat(DocumentText.hasText(one)).isFalse();
        assertThat(DocumentText.hasText(many)).isFalse();
        assertThat(DocumentText.clean(many).strip()).isEmpty();
    }

    @Test
    void marksSpacesAndTheReplacementCharacterAloneAreNoText() {
        assertThat(DocumentText.hasText("\u0301\u20DD\uFE0F \u3000\u00A0\uFFFD\r\n")).isFalse();
        assertThat(DocumentText.hasText(null)).isFalse();
        assertThat(DocumentText.clean(null)).isNull();
    }

    @Test
    void removesWhatCarriesNoTextInsideAChineseSentence() {
        String dirty = "\uFEFF乡村\u200B振兴\u0000是\u202E全面\u0085建设\uD800的\u00AD重点\u200D";

        assertThat(DocumentText.clean(dirty)).isEqualTo("乡村振兴是全面建设的重点");
        assertThat(DocumentText.hasText(dirty)).isTrue();
    }

    @Test
    void keepsLineBreaksTabsPairedSurrogatesAndJoinersBetweenCharacters() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        String text = "一、总体要求\r\n\t（一）指导思想 " + family + " 𠀀";

        assertThat(DocumentText.clean(text)).isSameAs(text);
    }

    @Test
    void removesAJoinerAtAnEdgeOrBesideASpace() {
        assertThat(DocumentText.clean("\u200D报告 \u200D全文\u200D")).isEqualTo("报告 全文");
    }
}
