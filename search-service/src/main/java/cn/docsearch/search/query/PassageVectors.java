package cn.docsearch.search.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch._types.KnnSearch;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.InnerHitsResult;
import co.elastic.clients.json.JsonData;

/** The one way this service asks Elasticsearch for the passages nearest a vector, and reads its scores back. */
public final class PassageVectors {
    /**
     * Passages HNSW examines per search, at least: above the size of a small index, so that its results are exact
     * there and do not vary with the order the graph was built in.
     */
    private static final int NUM_CANDIDATES = 200;
    private static final String POSITION_FIELD = KeywordQuery.PASSAGES + ".position";

    private PassageVectors() {
    }

    /**
     * The k documents whose passages are nearest the vector (in the vectors index), with or without the positions of
     * their nearest passages as inner hits; the passages' text is in the documents index.
     *
     * @param filter        document-level constraints, or null
     * @param minSimilarity cosine similarity a passage needs to count, or null
     * @param withPassages  whether each hit brings its nearest passages' positions and scores
     */
    public static KnnSearch nearestPassages(float[] vector, int k, Query filter, Float minSimilarity, boolean withPassages) {
        List<Float> values = new ArrayList<>(vector.length);
        for (float value : vector) {
            values.add(value);
        }
        return KnnSearch.of(knn -> {
            knn.field(KeywordQuery.PASSAGES + ".vector").queryVector(values).k(k)
                    .numCandidates(Math.max(NUM_CANDIDATES, 2 * k));
            if (withPassages) {
                // from doc values: a nested hit's source is cut out of its document's, every passage's vector included
                knn.innerHits(i -> i.size(KeywordQuery.PASSAGES_PER_HIT).source(s -> s.fetch(false))
                        .docvalueFields(f -> f.field(POSITION_FIELD)));
            }
            // a filter, even one that admits every document, costs the nested kNN a join of each parent to its
            // passages (measured: 45 against 26 ms of Elasticsearch's CPU for 1,000 candidates of 7,000 documents)
            if (filter != null && !filter.isMatchAll()) {
                knn.filter(filter);
            }
            if (minSimilarity != null) {
                knn.similarity(minSimilarity);
            }
            return knn;
        });
    }

    /** The positions of a hit's nearest passages (its inner hits), nearest first, with their Elasticsearch scores. */
    public static Map<Integer, Double> positions(Hit<?> hit) {
        Map<Integer, Double> positions = new LinkedHashMap<>();
        InnerHitsResult inner = hit.innerHits().get(KeywordQuery.PASSAGES);
        if (inner != null) {
            for (Hit<JsonData> passage : inner.hits().hits()) {
                JsonData position = passage.fields().get(POSITION_FIELD);
                if (position != null) {
                    positions.put(position.toJson().asJsonArray().getInt(0), passage.score() == null ? 0 : passage.score());
                }
            }
        }
        return positions;
    }

    /** Elasticsearch scores cosine similarity as (1 + cos) / 2. */
    public static double cosine(Double knnScore) {
        return knnScore == null ? 0 : 2 * knnScore - 1;
    }
}
