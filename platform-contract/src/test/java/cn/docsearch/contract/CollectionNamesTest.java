package cn.docsearch.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CollectionNamesTest {

    @Test
    void aScopeListsItsCollectionsInOrderWithoutBlanksOrRepeats() {
        assertThat(CollectionNames.scope(" 办公室, default,,办公室 ")).contains(List.of("办公室", "default"));
    }

    @Test
    void noScopeABlankOneOrOneNamingAllAdmitsEveryCollection() {
        assertThat(CollectionNames.scope(null)).isEmpty();
        assertThat(CollectionNames.scope("  ")).isEmpty();
        assertThat(CollectionNames.scope("办公室,*")).isEmpty();
    }
}
