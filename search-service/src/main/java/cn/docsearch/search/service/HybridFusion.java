package cn.docsearch.search.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses the keyword ranking and the vector ranking in our own code (Elasticsearch's RRF and linear retrievers need
 * an Enterprise licence). Plain RRF lost to vectors alone on paraphrases, because it gives a weak keyword match the
 * same pull as a strong one; this fusion weighs evidence instead:
 * <ul>
 * <li>each side is normalised per query: the keyword side to [0, 1] with half of it for matching every term and
 * half for the BM25 score relative to the best one, the vector side by min-max of cosine similarity over the
 * candidates;</li>
 * <li>the keyword side's weight depends on the query: when the best keyword hit matches every term the words
 * carry the query ({@link #WEIGHT_ALL_TERMS}); when no document has them all the user is more likely describing
 * than naming ({@link #WEIGHT_PARTIAL}); with no keyword hit at all only vectors count.</li>
 * </ul>
 */
final class HybridFusion {
    static final double WEIGHT_ALL_TERMS = 0.5;
    static final double WEIGHT_PARTIAL = 0.2;

    /** A keyword result in rank order; {@code score} includes the all-terms bonus when {@code allTerms}. */
    record KeywordCandidate(String id, double score, boolean allTerms) {
    }

    /** A vector result in rank order, with the cosine similarity of its best passage. */
    record VectorCandidate(String id, double similarity) {
    }

    record Fused(String id, double score, Integer keywordRank, Double keywordScore, Boolean allTerms,
                 Integer vectorRank, Double similarity, double keywordWeight) {
    }

    private HybridFusion() {
    }

    static List<Fused> fuse(List<KeywordCandidate> keyword, List<VectorCandidate> vector) {
        double keywordWeight = keyword.isEmpty() ? 0 : vector.isEmpty() ? 1
                : keyword.get(0).allTerms() ? WEIGHT_ALL_TERMS : WEIGHT_PARTIAL;
        double bestText = keyword.stream().mapToDouble(HybridFusion::textScore).max().orElse(1);
        double topSimilarity = vector.stream().mapToDouble(VectorCandidate::similarity).max().orElse(1);
        double lowSimilarity = vector.stream().mapToDouble(VectorCandidate::similarity).min().orElse(0);
        double similarityRange = topSimilarity - lowSimilarity;

        Map<String, double[]> parts = new LinkedHashMap<>();
        Map<String, Integer> keywordRanks = new LinkedHashMap<>();
        Map<String, Integer> vectorRanks = new LinkedHashMap<>();
        for (int i = 0; i < keyword.size(); i++) {
            KeywordCandidate candidate = keyword.get(i);
            double normalised = (candidate.allTerms() ? 0.5 : 0) + 0.5 * (bestText > 0 ? textScore(candidate) / bestText : 0);
            parts.computeIfAbsent(candidate.id(), id -> new double[2])[0] = normalised;
            keywordRanks.putIfAbsent(candidate.id(), i + 1);
        }
        for (int i = 0; i < vector.size(); i++) {
            VectorCandidate candidate = vector.get(i);
            double normalised = similarityRange > 1e-9 ? (candidate.similarity() - lowSimilarity) / similarityRange : 1;
            parts.computeIfAbsent(candidate.id(), id -> new double[2])[1] = normalised;
            vectorRanks.putIfAbsent(candidate.id(), i + 1);
        }
        List<Fused> fused = new ArrayList<>();
        for (Map.Entry<String, double[]> entry : parts.entrySet()) {
            String id = entry.getKey();
            double score = keywordWeight * entry.getValue()[0] + (1 - keywordWeight) * entry.getValue()[1];
            Integer keywordRank = keywordRanks.get(id);
            Integer vectorRank = vectorRanks.get(id);
            KeywordCandidate keywordHit = keywordRank == null ? null : keyword.get(keywordRank - 1);
            fused.add(new Fused(id, score, keywordRank, keywordHit == null ? null : keywordHit.score(),
                    keywordHit == null ? null : keywordHit.allTerms(), vectorRank,
                    vectorRank == null ? null : vector.get(vectorRank - 1).similarity(), keywordWeight));
        }
        // ties (for example a document only one side found, at the same normalised score) go to the better rank
        fused.sort(Comparator.comparingDouble(Fused::score).reversed()
                .thenComparingInt(f -> Math.min(rankOrMax(f.keywordRank()), rankOrMax(f.vectorRank()))));
        return fused;
    }

    private static double textScore(KeywordCandidate candidate) {
        return candidate.allTerms() ? candidate.score() - KeywordQuery.ALL_TERMS_BONUS : candidate.score();
    }

    private static int rankOrMax(Integer rank) {
        return rank == null ? Integer.MAX_VALUE : rank;
    }
}
