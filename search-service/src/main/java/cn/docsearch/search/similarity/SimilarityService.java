package cn.docsearch.search.similarity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.embedding.ChineseEmbeddingModel;
import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.IndexedPassage;
import cn.docsearch.search.index.SearchIndex;
import cn.docsearch.search.passage.Passage;
import cn.docsearch.search.passage.PassageSplitter;
import cn.docsearch.search.query.InvalidQueryException;
import cn.docsearch.search.query.PassageVectors;
import cn.docsearch.search.query.QueryText;
import cn.docsearch.search.query.SearchPage;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;

/**
 * Similar and copied: documents near in meaning, stored passages near a given paragraph, and documents sharing
 * near-identical passages. "Near-identical" is a cosine similarity of at least {@link #COPY_THRESHOLD}, calibrated on
 * the evaluation set (src/test/resources/evaluation/similar-passages.json): copies with a few words changed,
 * sentences reordered or names masked as ** scored 0.90-0.99 against the passage holding the original, different
 * paragraphs on the same topic at most 0.84.
 */
@ApplicationScoped
public class SimilarityService {
    public static final double COPY_THRESHOLD = 0.87;
    public static final int MAX_PARAGRAPH_CHARS = 2000;
    /** Passages of one document compared by the duplicates report; a longer document is compared on its first ones. */
    public static final int MAX_COMPARED_PASSAGES = 500;
    private static final int SEARCHES_PER_REQUEST = 50;
    private static final int NEIGHBOURS_PER_PASSAGE = 10;

    private final SearchIndex searchIndex;
    private final ChineseEmbeddingModel model;

    public SimilarityService(SearchIndex searchIndex, ChineseEmbeddingModel model) {
        this.searchIndex = searchIndex;
        this.model = model;
    }

    /** The other documents nearest the document's centroid (the mean of its passage vectors). */
    public Optional<List<SimilarDocument>> similarDocuments(String id, int size, CollectionScope scope) throws IOException {
        requireSize(size);
        Optional<IndexedDocument> document = embedded(id, scope);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        List<IndexedPassage> passages = document.get().passages();
        if (passages.isEmpty()) {
            // embedded without a passage that carries text: it has no meaning to compare
            return Optional.of(List.of());
        }
        float[] centroid = new float[ChineseEmbeddingModel.DIMENSIONS];
        for (IndexedPassage passage : passages) {
            for (int i = 0; i < centroid.length; i++) {
                centroid[i] += passage.vector()[i];
            }
        }
        List<Hit<IndexedDocument>> hits = searchIndex.search(SearchRequest.of(s -> s.index(searchIndex.alias()).size(size)
                .knn(PassageVectors.nearestPassages(normalised(centroid), size, scope.restrict(notThis(id)), null, true, null))
                .source(src -> src.filter(f -> f.includes("title"))))).hits().hits();
        return Optional.of(hits.stream().map(hit -> new SimilarDocument(hit.id(),
                hit.source() == null ? null : hit.source().title(), PassageVectors.cosine(hit.score()))).toList());
    }

    /** Stored passages nearest a paragraph (cut like a document when longer than a passage), best first. */
    public List<SimilarPassage> similarPassages(String text, int size, CollectionScope scope) throws IOException {
        String paragraph = QueryText.required("'text' (the paragraph to look for)", text, MAX_PARAGRAPH_CHARS);
        requireSize(size);
        List<String> pieces = PassageSplitter.split(null, paragraph).stream().map(Passage::text).toList();
        List<float[]> vectors = model.embed(pieces);
        Map<String, SimilarPassage> best = new HashMap<>();
        for (List<Hit<IndexedDocument>> hits : nearestForEach(vectors, size, scope.restrict(Query.of(q -> q.matchAll(m -> m))),
                null)) {
            for (Hit<IndexedDocument> hit : hits) {
                for (Map.Entry<IndexedPassage, Double> match : innerPassages(hit).entrySet()) {
                    IndexedPassage passage = match.getKey();
                    SimilarPassage similar = new SimilarPassage(hit.id(), hit.source() == null ? null : hit.source().title(),
                            passage.position(), passage.headings(), passage.text(), match.getValue(),
                            match.getValue() >= COPY_THRESHOLD);
                    best.merge(hit.id() + "#" + passage.position(), similar,
                            (a, b) -> a.similarity() >= b.similarity() ? a : b);
                }
            }
        }
        return best.values().stream().sorted(Comparator.comparingDouble(SimilarPassage::similarity).reversed())
                .limit(size).toList();
    }

    /** The documents with passages near-identical to this document's, most of it covered first. */
    public Optional<DuplicateReport> duplicates(String id, CollectionScope scope) throws IOException {
        Optional<IndexedDocument> document = embedded(id, scope);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        List<IndexedPassage> passages = document.get().passages().stream().limit(MAX_COMPARED_PASSAGES).toList();
        int totalChars = document.get().passages().stream().mapToInt(p -> p.text().length()).sum();
        List<List<Hit<IndexedDocument>>> neighbours = nearestForEach(passages.stream().map(IndexedPassage::vector).toList(),
                NEIGHBOURS_PER_PASSAGE, scope.restrict(notThis(id)), (float) COPY_THRESHOLD);
        Map<String, String> titles = new HashMap<>();
        Map<String, Map<Integer, DuplicateReport.PassagePair>> pairsByDocument = new LinkedHashMap<>();
        for (int i = 0; i < passages.size(); i++) {
            IndexedPassage own = passages.get(i);
            for (Hit<IndexedDocument> hit : neighbours.get(i)) {
                titles.putIfAbsent(hit.id(), hit.source() == null ? null : hit.source().title());
                innerPassages(hit).entrySet().stream().filter(m -> m.getValue() >= COPY_THRESHOLD)
                        .max(Map.Entry.comparingByValue())
                        .ifPresent(match -> pairsByDocument.computeIfAbsent(hit.id(), d -> new LinkedHashMap<>())
                                .putIfAbsent(own.position(), new DuplicateReport.PassagePair(own.position(),
                                        match.getKey().position(), match.getValue(), own.text(), match.getKey().text())));
            }
        }
        List<DuplicateReport.Duplicate> duplicates = new ArrayList<>();
        pairsByDocument.forEach((otherId, pairs) -> {
            int coveredChars = pairs.values().stream().mapToInt(pair -> pair.text().length()).sum();
            duplicates.add(new DuplicateReport.Duplicate(otherId, titles.get(otherId),
                    totalChars == 0 ? 0 : (double) coveredChars / totalChars, List.copyOf(pairs.values())));
        });
        duplicates.sort(Comparator.comparingDouble(DuplicateReport.Duplicate::coverage).reversed());
        return Optional.of(new DuplicateReport(id, passages.size(), COPY_THRESHOLD, duplicates));
    }

    /**
     * The document with its passage vectors, empty when it is not indexed or outside the scope; refused while its
     * vectors are not in yet, since comparing by meaning needs them.
     */
    private Optional<IndexedDocument> embedded(String id, CollectionScope scope) throws IOException {
        Optional<IndexedDocument> document = searchIndex.document(id, List.of("title", IndexedDocument.PASSAGES, "embeddedAt"),
                scope);
        if (document.isPresent() && document.get().embeddedAt() == null) {
            throw new NotEmbeddedException(id);
        }
        return document;
    }

    private List<List<Hit<IndexedDocument>>> nearestForEach(List<float[]> vectors, int k, Query filter, Float minSimilarity)
            throws IOException {
        List<List<Hit<IndexedDocument>>> results = new ArrayList<>();
        for (int from = 0; from < vectors.size(); from += SEARCHES_PER_REQUEST) {
            List<MultisearchBody> searches = vectors.subList(from, Math.min(vectors.size(), from + SEARCHES_PER_REQUEST))
                    .stream().map(vector -> MultisearchBody.of(b -> b.size(k)
                            .knn(PassageVectors.nearestPassages(vector, k, filter, minSimilarity, true, null))
                            .source(src -> src.filter(f -> f.includes("title"))))).toList();
            results.addAll(searchIndex.searchEach(searches));
        }
        return results;
    }

    /** The matching passages of a hit with their cosine similarity. */
    private static Map<IndexedPassage, Double> innerPassages(Hit<IndexedDocument> hit) {
        Map<IndexedPassage, Double> passages = new LinkedHashMap<>();
        var inner = hit.innerHits().get(IndexedDocument.PASSAGES);
        if (inner != null) {
            for (Hit<JsonData> passageHit : inner.hits().hits()) {
                if (passageHit.source() != null) {
                    passages.put(passageHit.source().to(IndexedPassage.class), PassageVectors.cosine(passageHit.score()));
                }
            }
        }
        return passages;
    }

    private static void requireSize(int size) {
        if (size < 1 || size > SearchPage.MAX_SIZE) {
            throw new InvalidQueryException("'size' must be between 1 and " + SearchPage.MAX_SIZE);
        }
    }

    private static Query notThis(String id) {
        return Query.of(q -> q.bool(b -> b.mustNot(n -> n.ids(i -> i.values(id)))));
    }

    private static float[] normalised(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }
}
