package cn.docsearch.search.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.docsearch.search.embedding.ChineseEmbeddingModel;
import cn.docsearch.search.passage.Passage;

/**
 * The vector side of semantic and hybrid search computed in the test, exactly over a small corpus, with each
 * retrieval lever of issue 27 on or off, so that all their combinations are compared in one run on one corpus:
 * <ul>
 * <li>{@code instruction}: the query embedded after BGE's retrieval instruction ({@link #QUERY_INSTRUCTION});</li>
 * <li>{@code context}: each passage embedded with its document's title and heading path in front of it;</li>
 * <li>{@code evidence}: a document scored by its best passage plus, damped, the rise of its next best ones above the
 * unrelated level, instead of by its best passage alone.</li>
 * </ul>
 * As the platform does, passages under the minimum similarity do not count, a document shows its best three
 * passages, and hybrid fuses the vector side with the keyword side by {@link HybridFusion}.
 */
public final class RetrievalLevers {
    public static final double CHOSEN_ALL_TERMS_WEIGHT = HybridFusion.WEIGHT_ALL_TERMS;
    public static final double CHOSEN_PARTIAL_WEIGHT = HybridFusion.WEIGHT_PARTIAL;
    public static final String QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章：";
    static final double EVIDENCE_DAMPING = 0.3;
    static final int EVIDENCE_PASSAGES = 3;

    public record Levers(boolean instruction, boolean context, boolean evidence) {
        public String name() {
            List<String> on = new ArrayList<>();
            if (instruction) {
                on.add("instruction");
            }
            if (context) {
                on.add("context");
            }
            if (evidence) {
                on.add("evidence");
            }
            return on.isEmpty() ? "none" : String.join("+", on);
        }

        public static List<Levers> all() {
            List<Levers> all = new ArrayList<>();
            for (int bits = 0; bits < 8; bits++) {
                all.add(new Levers((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0));
            }
            return all;
        }
    }

    /** A keyword-side result as the platform's hybrid explanation gives it. */
    public record KeywordHit(String id, double score, boolean allTerms, List<String> passages) {
    }

    /** Documents in rank order, and the passages shown under each. */
    public record Ranking(List<String> ids, List<List<String>> shown) {
    }

    private record Scored(String id, double score, List<String> best) {
    }

    private final ChineseEmbeddingModel model;
    private final double minSimilarity;
    private final Map<String, List<Passage>> passages;
    /** Per document, its passages' vectors: [0] the text alone, [1] with title and headings in front. */
    private final Map<String, List<float[][]>> vectors = new LinkedHashMap<>();
    private final Map<String, float[]> queryVectors = new HashMap<>();

    public RetrievalLevers(ChineseEmbeddingModel model, double minSimilarity, Map<String, String> titles,
                           Map<String, List<Passage>> passages) {
        this.model = model;
        this.minSimilarity = minSimilarity;
        this.passages = passages;
        passages.forEach((id, list) -> {
            List<String> plain = list.stream().map(Passage::text).toList();
            List<String> inContext = list.stream().map(passage -> inContext(titles.get(id), passage)).toList();
            List<float[]> plainVectors = model.embed(plain);
            List<float[]> contextVectors = model.embed(inContext);
            List<float[][]> both = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                both.add(new float[][] {plainVectors.get(i), contextVectors.get(i)});
            }
            vectors.put(id, both);
        });
    }

    /** A passage as the model reads it with the context lever on: title, heading path, then the text. */
    public static String inContext(String title, Passage passage) {
        StringBuilder text = new StringBuilder(title == null ? "" : title);
        passage.headings().forEach(heading -> text.append(' ').append(heading));
        return text.append('\n').append(passage.text()).toString();
    }

    public Ranking semantic(String query, Levers levers) {
        List<Scored> scored = vectorSide(query, levers);
        return new Ranking(scored.stream().map(Scored::id).limit(10).toList(),
                scored.stream().map(Scored::best).limit(10).toList());
    }

    /** Hybrid, fused with these weights of the keyword side (when its best hit has every term, and when not). */
    public Ranking hybrid(String query, Levers levers, List<KeywordHit> keyword, double allTermsWeight, double partialWeight) {
        List<Scored> vector = vectorSide(query, levers);
        Map<String, List<String>> shown = new HashMap<>();
        keyword.forEach(hit -> shown.put(hit.id(), hit.passages()));
        vector.forEach(hit -> shown.put(hit.id(), hit.best()));
        List<HybridFusion.Fused> fused = HybridFusion.fuse(
                keyword.stream().map(hit -> new HybridFusion.KeywordCandidate(hit.id(), hit.score(), hit.allTerms(), true)).toList(),
                vector.stream().map(hit -> new HybridFusion.VectorCandidate(hit.id(), hit.score())).toList(),
                new HybridFusion.Weights(allTermsWeight, partialWeight));
        List<String> ids = fused.stream().map(HybridFusion.Fused::id).limit(10).toList();
        return new Ranking(ids, ids.stream().map(id -> shown.getOrDefault(id, List.of())).toList());
    }

    private List<Scored> vectorSide(String query, Levers levers) {
        float[] queryVector = queryVectors.computeIfAbsent((levers.instruction() ? QUERY_INSTRUCTION : "") + query,
                model::embedQuery);
        List<Scored> scored = new ArrayList<>();
        vectors.forEach((id, list) -> {
            List<double[]> similarities = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                double similarity = dot(queryVector, list.get(i)[levers.context() ? 1 : 0]);
                if (similarity >= minSimilarity) {
                    similarities.add(new double[] {similarity, i});
                }
            }
            if (similarities.isEmpty()) {
                return;
            }
            similarities.sort(Comparator.comparingDouble((double[] s) -> s[0]).reversed());
            double score = similarities.get(0)[0];
            if (levers.evidence()) {
                double damping = EVIDENCE_DAMPING;
                for (int i = 1; i < Math.min(EVIDENCE_PASSAGES, similarities.size()); i++) {
                    score += damping * Math.max(0, similarities.get(i)[0] - HybridFusion.UNRELATED_SIMILARITY);
                    damping *= EVIDENCE_DAMPING;
                }
            }
            List<String> best = similarities.stream().limit(KeywordQuery.PASSAGES_PER_HIT)
                    .map(s -> passages.get(id).get((int) s[1]).text()).toList();
            scored.add(new Scored(id, score, best));
        });
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id));
        return scored;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
