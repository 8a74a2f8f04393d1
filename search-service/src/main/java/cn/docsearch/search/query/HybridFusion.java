package cn.docsearch.search.query;

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
 * <li>each side is normalised per query against its own best candidate: the keyword side by BM25 relative to the
 * best (the all-terms bonus left out), a document missing some terms counting {@link #PARTIAL_MATCH} of that; the
 * vector side by how far its cosine similarity rises above {@link #UNRELATED_SIMILARITY}, the level this model gives
 * unrelated Chinese texts, relative to the best, so that small differences between equally distant candidates are
 * not stretched into large ones;</li>
 * <li>the keyword side's weight depends on the query: when the best keyword hit has every term the words carry the
 * query ({@link #WEIGHT_ALL_TERMS}); when no document has them all the user is more likely describing than naming
 * ({@link #WEIGHT_PARTIAL}); with no keyword hit at all only vectors count, and without vectors only words (for
 * the query as a whole, and for each document whose vectors the embedding stage has not written yet).</li>
 * </ul>
 * The weights were chosen on the evaluation set (src/test/resources/evaluation); the figures are in docs/search.md ("Evaluation").
 */
final class HybridFusion {
    static final double WEIGHT_ALL_TERMS = 0.5;
    static final double WEIGHT_PARTIAL = 0.2;
    static final double PARTIAL_MATCH = 0.5;
    static final double UNRELATED_SIMILARITY = 0.4;

    /**
     * A keyword result in rank order; {@code score} includes the all-terms bonus when {@code allTerms};
     * {@code embedded} is false while its vectors are not in yet.
     */
    record KeywordCandidate(String id, double score, boolean allTerms, boolean embedded) {
    }

    /** A vector result in rank order, with the cosine similarity of its best passage. */
    record VectorCandidate(String id, double similarity) {
    }

    /** A fused result; {@code keywordPart} and {@code vectorPart} are the weighted contributions of each side. */
    record Fused(String id, double score, Integer keywordRank, Double keywordScore, Boolean allTerms,
                 Integer vectorRank, Double similarity, double keywordWeight, double keywordPart, double vectorPart) {
    }

    /**
     * The fused order: by score; ties (for example a document only one side found, at the same normalised score) go
     * to the better rank, then to the smaller id, so that one ranking always comes out in one order and its pages
     * neither repeat nor skip a result.
     */
    static final Comparator<Fused> RANKING = Comparator.comparingDouble(Fused::score).reversed()
            .thenComparingInt((Fused f) -> Math.min(rankOrMax(f.keywordRank()), rankOrMax(f.vectorRank())))
            .thenComparing(Fused::id);

    private HybridFusion() {
    }

    /** The keyword side's weight when the best keyword hit has every term, and when it has not. */
    record Weights(double allTerms, double partial) {
        static final Weights CHOSEN = new Weights(WEIGHT_ALL_TERMS, WEIGHT_PARTIAL);
    }

    static List<Fused> fuse(List<KeywordCandidate> keyword, List<VectorCandidate> vector) {
        return fuse(keyword, vector, Weights.CHOSEN);
    }

    /** With other weights than the chosen ones: for the evaluation, which compares them. */
    static List<Fused> fuse(List<KeywordCandidate> keyword, List<VectorCandidate> vector, Weights weights) {
        double keywordWeight = keyword.isEmpty() ? 0 : vector.isEmpty() ? 1
                : keyword.get(0).allTerms() ? weights.allTerms() : weights.partial();
        double bestText = keyword.stream().mapToDouble(HybridFusion::textScore).max().orElse(0);
        double bestRise = vector.stream().mapToDouble(c -> c.similarity() - UNRELATED_SIMILARITY).max().orElse(0);

        Map<String, double[]> parts = new LinkedHashMap<>();
        Map<String, Integer> keywordRanks = new LinkedHashMap<>();
        Map<String, Integer> vectorRanks = new LinkedHashMap<>();
        for (int i = 0; i < keyword.size(); i++) {
            KeywordCandidate candidate = keyword.get(i);
            double relative = bestText > 0 ? textScore(candidate) / bestText : 1;
            double normalised = relative * (candidate.allTerms() ? 1 : PARTIAL_MATCH);
            // a document whose vectors are not in yet has no vector side: words alone rank it, rather than
            // counting as dissimilar while the embedding stage catches up
            double weight = candidate.embedded() ? keywordWeight : 1;
            parts.computeIfAbsent(candidate.id(), id -> new double[2])[0] = weight * normalised;
            keywordRanks.putIfAbsent(candidate.id(), i + 1);
        }
        for (int i = 0; i < vector.size(); i++) {
            VectorCandidate candidate = vector.get(i);
            double rise = candidate.similarity() - UNRELATED_SIMILARITY;
            double normalised = bestRise > 0 ? Math.max(0, rise / bestRise) : 0;
            parts.computeIfAbsent(candidate.id(), id -> new double[2])[1] = (1 - keywordWeight) * normalised;
            vectorRanks.putIfAbsent(candidate.id(), i + 1);
        }
        List<Fused> fused = new ArrayList<>();
        for (Map.Entry<String, double[]> entry : parts.entrySet()) {
            String id = entry.getKey();
            Integer keywordRank = keywordRanks.get(id);
            Integer vectorRank = vectorRanks.get(id);
            KeywordCandidate keywordHit = keywordRank == null ? null : keyword.get(keywordRank - 1);
            fused.add(new Fused(id, entry.getValue()[0] + entry.getValue()[1], keywordRank,
                    keywordHit == null ? null : keywordHit.score(), keywordHit == null ? null : keywordHit.allTerms(),
                    vectorRank, vectorRank == null ? null : vector.get(vectorRank - 1).similarity(), keywordWeight,
                    entry.getValue()[0], entry.getValue()[1]));
        }
        fused.sort(RANKING);
        return fused;
    }

    private static double textScore(KeywordCandidate candidate) {
        return candidate.allTerms() ? candidate.score() - KeywordQuery.ALL_TERMS_BONUS : candidate.score();
    }

    private static int rankOrMax(Integer rank) {
        return rank == null ? Integer.MAX_VALUE : rank;
    }
}
