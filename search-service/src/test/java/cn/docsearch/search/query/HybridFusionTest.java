package cn.docsearch.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import cn.docsearch.search.query.HybridFusion.Fused;
import cn.docsearch.search.query.HybridFusion.KeywordCandidate;
import cn.docsearch.search.query.HybridFusion.VectorCandidate;

class HybridFusionTest {
    private static final double BONUS = KeywordQuery.ALL_TERMS_BONUS;

    @Test
    void wordsCarryHalfWhenTheBestKeywordHitHasEveryTermAndLittleWhenNoneHas() {
        List<VectorCandidate> vectors = List.of(new VectorCandidate("b", 0.8), new VectorCandidate("a", 0.6));
        List<Fused> all = HybridFusion.fuse(List.of(new KeywordCandidate("a", BONUS + 10, true, true)), vectors);
        assertThat(all.get(0).keywordWeight()).isEqualTo(HybridFusion.WEIGHT_ALL_TERMS);
        List<Fused> partial = HybridFusion.fuse(List.of(new KeywordCandidate("a", 10, false, true)), vectors);
        assertThat(partial.get(0).keywordWeight()).isEqualTo(HybridFusion.WEIGHT_PARTIAL);
        assertThat(partial).extracting(Fused::id).containsExactly("b", "a");
    }

    @Test
    void withoutAnyKeywordHitOnlyVectorsCountAndWithoutVectorsOnlyWords() {
        List<Fused> vectorsOnly = HybridFusion.fuse(List.of(),
                List.of(new VectorCandidate("a", 0.5), new VectorCandidate("b", 0.7)));
        assertThat(vectorsOnly).extracting(Fused::id).containsExactly("b", "a");
        assertThat(vectorsOnly.get(0).keywordWeight()).isZero();
        List<Fused> wordsOnly = HybridFusion.fuse(List.of(new KeywordCandidate("a", BONUS + 3, true, true),
                new KeywordCandidate("b", BONUS + 9, true, true)), List.of());
        assertThat(wordsOnly).extracting(Fused::id).containsExactly("b", "a");
    }

    @Test
    void aDocumentWhoseVectorsAreNotInYetIsRankedByWordsAloneNotAsDissimilar() {
        // "report" says the words together (best keyword score) but is not embedded yet; "poem" has the words apart
        List<KeywordCandidate> keyword = List.of(new KeywordCandidate("report", BONUS + 30, true, false),
                new KeywordCandidate("poem", BONUS + 10, true, true));
        List<VectorCandidate> vectors = List.of(new VectorCandidate("poem", 0.7));
        List<Fused> fused = HybridFusion.fuse(keyword, vectors);
        assertThat(fused).extracting(Fused::id).containsExactly("report", "poem");
        assertThat(fused.get(0).score()).isEqualTo(1.0);
    }
}
