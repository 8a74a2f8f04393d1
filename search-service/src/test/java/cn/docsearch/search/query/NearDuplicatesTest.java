package cn.docsearch.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NearDuplicatesTest {
    private static SearchHit hit(String id, double score) {
        return new SearchHit(id, "default", "标题" + id, score, null, null, null, null, null, List.of(), null, null, null,
                id + ".docx", null, null, null);
    }

    @Test
    void nearIdenticalHitsAreFoldedUnderTheBestOfThemInRankOrder() {
        List<SearchHit> hits = List.of(hit("a", 0.9), hit("b", 0.8), hit("c", 0.7), hit("d", 0.6));
        // a and c differ by one bit; b and d by 32 from each other and from a
        Map<String, Long> fingerprints = Map.of("a", 0L, "b", -1L, "c", 1L, "d", 0xFFFFFFFFL);

        List<SearchHit> folded = NearDuplicates.fold(hits, fingerprints);

        assertThat(folded).extracting(SearchHit::id).containsExactly("a", "b", "d");
        assertThat(folded.get(0).folded()).extracting(FoldedHit::id).containsExactly("c");
        assertThat(folded.get(0).folded().get(0).fileName()).isEqualTo("c.docx");
        assertThat(folded.get(1).folded()).isNull();
    }

    @Test
    void aHitWithoutAFingerprintIsNeverFolded() {
        List<SearchHit> hits = List.of(hit("a", 0.9), hit("b", 0.8));

        assertThat(NearDuplicates.fold(hits, Map.of("a", 5L))).hasSize(2);
    }
}
