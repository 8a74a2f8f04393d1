package cn.docsearch.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefixFoldingTest {

    @Test
    void keepsLettersAndDigitsInLowerCaseAndSimplified() {
        assertThat(PrefixFolding.fold("《鄉村 振興》AI")).isEqualTo("乡村振兴ai");
        assertThat(PrefixFolding.fold("“十四五”规划·2025")).isEqualTo("十四五规划2025");
        assertThat(PrefixFolding.fold("、。！")).isEmpty();
    }

    @Test
    void keepsCharactersOutsideTheBasicPlaneWhole() {
        assertThat(PrefixFolding.fold("𠀀 村")).isEqualTo("𠀀村");
    }
}
