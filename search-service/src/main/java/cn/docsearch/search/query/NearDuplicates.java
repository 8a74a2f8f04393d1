package cn.docsearch.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cn.docsearch.search.index.TextFingerprint;

/**
 * Folds the results of one page whose texts are near-identical ({@link TextFingerprint}: the same report uploaded as a
 * file and sent as JSON, a copy with a line changed) under the best of them, which lists them in {@code folded}. Only
 * within a page: the total, the page's numbering and its cursor still count every result, so no result is skipped.
 */
final class NearDuplicates {
    private NearDuplicates() {
    }

    /** @param fingerprints each hit's text fingerprint by id (a hit without one is never folded) */
    static List<SearchHit> fold(List<SearchHit> hits, Map<String, Long> fingerprints) {
        List<SearchHit> kept = new ArrayList<>();
        List<List<FoldedHit>> foldedUnder = new ArrayList<>();
        for (SearchHit hit : hits) {
            Long fingerprint = fingerprints.get(hit.id());
            int best = -1;
            for (int i = 0; fingerprint != null && i < kept.size() && best < 0; i++) {
                Long other = fingerprints.get(kept.get(i).id());
                if (other != null && TextFingerprint.nearIdentical(fingerprint, other)) {
                    best = i;
                }
            }
            if (best < 0) {
                kept.add(hit);
                foldedUnder.add(new ArrayList<>());
            } else {
                foldedUnder.get(best).add(FoldedHit.of(hit));
            }
        }
        List<SearchHit> folded = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            folded.add(foldedUnder.get(i).isEmpty() ? kept.get(i) : kept.get(i).withFolded(foldedUnder.get(i)));
        }
        return folded;
    }
}
