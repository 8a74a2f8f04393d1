package cn.docsearch.ingest.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one refusal of a document over its size, whichever limit it passed. */
class DocumentSizeLimitTest {

    @Test
    void aTextUpToTheLimitPassesAndOneCharacterMoreIsRefusedNamingTheLimit() {
        assertThatCode(() -> DocumentSizeLimit.requireText(20_000, 20_000)).doesNotThrowAnyException();
        assertThatThrownBy(() -> DocumentSizeLimit.requireText(20_001, 20_000))
                .isInstanceOfSatisfying(DocumentRefusedException.class, e -> assertTooLarge(e, "20000"));
    }

    @Test
    void aTextWhoseReadingStoppedAtTheLimitIsRefusedTheSameWay() {
        assertTooLarge(DocumentSizeLimit.textOverLimit(1_000), "1000");
    }

    @Test
    void anEventUpToItsLimitPassesAndALargerOneIsRefused() {
        assertThatCode(() -> DocumentSizeLimit.requireEvent(4_096, 4_096)).doesNotThrowAnyException();
        assertThatThrownBy(() -> DocumentSizeLimit.requireEvent(4_097, 4_096))
                .isInstanceOfSatisfying(DocumentRefusedException.class, e -> assertTooLarge(e, "4096 bytes"));
    }

    private static void assertTooLarge(DocumentRefusedException refusal, String limit) {
        assertThat(refusal.status()).isEqualTo(413);
        assertThat(refusal.problemType()).isEqualTo("document-too-large");
        assertThat(refusal.getMessage()).contains(limit);
    }
}
