package cn.docsearch.search.query;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch._types.KnnSearch;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;

/** The one way this service asks Elasticsearch for the passages nearest a vector, and reads its scores back. */
public final class PassageVectors {
    /**
     * Passages HNSW examines per search, at least: above the size of a small index, so that its results are exact
     * there and do not vary with the order the graph was built in.
     */
    private static final int NUM_CANDIDATES = 200;

    private PassageVectors() {
    }

    /**
     * The k documents whose passages are nearest the vector, with or without their best passages as inner hits.
     *
     * @param filter           document-level constraints, or null
     * @param minSimilarity    cosine similarity a passage needs to count, or null
     * @param withPassages     whether each hit brings its best passages (costly per hit)
     * @param highlightedWords words to highlight in the passages, or null
     */
    public static KnnSearch nearestPassages(float[] vector, int k, Query filter, Float minSimilarity, boolean withPassages,
                                     UserQuery highlightedWords) {
        List<Float> values = new ArrayList<>(vector.length);
        for (float value : vector) {
            values.add(value);
        }
        return KnnSearch.of(knn -> {
            knn.field(KeywordQuery.PASSAGES + ".vector").queryVector(values).k(k)
                    .numCandidates(Math.max(NUM_CANDIDATES, 2 * k));
            if (withPassages) {
                knn.innerHits(KeywordQuery.passageHits(highlightedWords));
            }
            if (filter != null) {
                knn.filter(filter);
            }
            if (minSimilarity != null) {
                knn.similarity(minSimilarity);
            }
            return knn;
        });
    }

    /** Elasticsearch scores cosine similarity as (1 + cos) / 2. */
    public static double cosine(Double knnScore) {
        return knnScore == null ? 0 : 2 * knnScore - 1;
    }
}
