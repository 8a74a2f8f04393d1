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
import cn.docsearch.search.index.IndexedVectors;
import cn.docsearch.search.index.SearchIndex;
import cn.docsearch.search.passage.Passage;
import cn.docsearch.search.passage.PassageSplitter;
import cn.docsearch.search.query.InvalidQueryException;
import cn.docsearch.search.query.PassageVectors;
import cn.docsearch.search.query.QueryText;
import cn.docsearch.search.query.SearchPage;
import cn.docsearch.search.query.SearchHits;
import cn.docsearch.search.query.SearchRequests;

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
        Optional<List<IndexedVectors.PassageVector>> vectors = embedded(id, scope).map(SearchIndex.EmbeddedDocument::vectors);
        if (vectors.isEmpty()) {
            return Optional.empty();
        }
        if (vectors.get().isEmpty()) {
            // embedded without a passage that carries text: it has no meaning to compare
            return Optional.of(List.of());
        }
        float[] centroid = new float[ChineseEmbeddingModel.DIMENSIONS];
        for (IndexedVectors.PassageVector passage : vectors.get()) {
            for (int i = 0; i < centroid.length; i++) {
                centroid[i] += passage.vector()[i];
            }
        }
        List<Hit<IndexedDocument>> hits = searchIndex.search(SearchRequest.of(s -> SearchRequests.idsOnly(s)
                .index(searchIndex.vectorsAlias()).size(size)
                .knn(PassageVectors.nearestPassages(normalised(centroid), size, scope.restrict(notThis(id)), null, false))))
                .hits().hits();
        Map<String, String> titles = titles(hits.stream().map(SearchHits::id).toList());
        return Optional.of(hits.stream().filter(hit -> titles.containsKey(SearchHits.id(hit)))
                .map(hit -> new SimilarDocument(SearchHits.id(hit), titles.get(SearchHits.id(hit)),
                        PassageVectors.cosine(hit.score()))).toList());
    }

    /** Stored passages nearest a paragraph (cut like a document when longer than a passage), best first. */
    public List<SimilarPassage> similarPassages(String text, int size, CollectionScope scope) throws IOException {
        String paragraph = QueryText.required("'text' (the paragraph to look for)", text, MAX_PARAGRAPH_CHARS);
        requireSize(size);
        List<String> pieces = PassageSplitter.split(null, paragraph).stream().map(Passage::text).toList();
        List<float[]> vectors = model.embed(pieces);
        List<List<Hit<IndexedDocument>>> nearest = nearestForEach(vectors, size,
                scope.restrict(Query.of(q -> q.matchAll(m -> m))), null);
        Map<String, Map<Integer, Double>> found = new LinkedHashMap<>();
        for (List<Hit<IndexedDocument>> hits : nearest) {
            for (Hit<IndexedDocument> hit : hits) {
                PassageVectors.positions(hit).forEach((position, score) ->
                        found.computeIfAbsent(SearchHits.id(hit), d -> new HashMap<>()).merge(position, score, Math::max));
            }
        }
        Map<String, StoredPassages> stored = storedPassages(found);
        List<SimilarPassage> similar = new ArrayList<>();
        found.forEach((documentId, scores) -> {
            StoredPassages document = stored.get(documentId);
            if (document != null) {
                scores.forEach((position, score) -> {
                    IndexedPassage passage = document.passages().get(position);
                    double similarity = PassageVectors.cosine(score);
                    if (passage != null) {
                        similar.add(new SimilarPassage(documentId, document.title(), position, passage.headings(),
                                passage.text(), similarity, similarity >= COPY_THRESHOLD));
                    }
                });
            }
        });
        return similar.stream().sorted(Comparator.comparingDouble(SimilarPassage::similarity).reversed())
                .limit(size).toList();
    }

    /** The documents with passages near-identical to this document's, most of it covered first. */
    public Optional<DuplicateReport> duplicates(String id, CollectionScope scope) throws IOException {
        Optional<SearchIndex.EmbeddedDocument> document = embedded(id, scope);
        if (document.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, IndexedPassage> texts = new HashMap<>();
        document.get().document().passages().forEach(passage -> texts.put(passage.position(), passage));
        List<IndexedVectors.PassageVector> passages = document.get().vectors().stream()
                .filter(vector -> texts.containsKey(vector.position())).limit(MAX_COMPARED_PASSAGES).toList();
        int totalChars = document.get().document().passages().stream().mapToInt(p -> p.text().length()).sum();
        List<List<Hit<IndexedDocument>>> neighbours = nearestForEach(passages.stream()
                .map(IndexedVectors.PassageVector::vector).toList(),
                NEIGHBOURS_PER_PASSAGE, scope.restrict(notThis(id)), (float) COPY_THRESHOLD);
        Map<String, Map<Integer, Double>> found = new LinkedHashMap<>();
        neighbours.forEach(hits -> hits.forEach(hit -> PassageVectors.positions(hit).forEach((position, score) ->
                found.computeIfAbsent(SearchHits.id(hit), d -> new HashMap<>()).merge(position, score, Math::max))));
        Map<String, StoredPassages> stored = storedPassages(found);
        Map<String, Map<Integer, DuplicateReport.PassagePair>> pairsByDocument = new LinkedHashMap<>();
        for (int i = 0; i < passages.size(); i++) {
            IndexedPassage own = texts.get(passages.get(i).position());
            for (Hit<IndexedDocument> hit : neighbours.get(i)) {
                StoredPassages other = stored.get(SearchHits.id(hit));
                if (other == null) {
                    continue;
                }
                PassageVectors.positions(hit).entrySet().stream()
                        .filter(match -> PassageVectors.cosine(match.getValue()) >= COPY_THRESHOLD
                                && other.passages().containsKey(match.getKey()))
                        .max(Map.Entry.comparingByValue())
                        .ifPresent(match -> pairsByDocument.computeIfAbsent(SearchHits.id(hit), d -> new LinkedHashMap<>())
                                .putIfAbsent(own.position(), new DuplicateReport.PassagePair(own.position(),
                                        match.getKey(), PassageVectors.cosine(match.getValue()), own.text(),
                                        other.passages().get(match.getKey()).text())));
            }
        }
        List<DuplicateReport.Duplicate> duplicates = new ArrayList<>();
        pairsByDocument.forEach((otherId, pairs) -> {
            int coveredChars = pairs.values().stream().mapToInt(pair -> pair.text().length()).sum();
            duplicates.add(new DuplicateReport.Duplicate(otherId, stored.get(otherId).title(),
                    totalChars == 0 ? 0 : (double) coveredChars / totalChars, List.copyOf(pairs.values())));
        });
        duplicates.sort(Comparator.comparingDouble(DuplicateReport.Duplicate::coverage).reversed());
        return Optional.of(new DuplicateReport(id, passages.size(), COPY_THRESHOLD, duplicates));
    }

    /**
     * The document with its passages and their vectors, empty when it is not indexed or outside the scope; refused
     * while its vectors are not in yet, since comparing by meaning needs them.
     */
    private Optional<SearchIndex.EmbeddedDocument> embedded(String id, CollectionScope scope) throws IOException {
        Optional<SearchIndex.EmbeddedDocument> document = searchIndex.withVectors(id, List.of("title"), scope);
        if (document.isPresent() && document.get().vectors() == null) {
            throw new NotEmbeddedException(id);
        }
        return document;
    }

    /** The nearest documents of the vectors index for each vector, with their nearest passages' positions. */
    private List<List<Hit<IndexedDocument>>> nearestForEach(List<float[]> vectors, int k, Query filter, Float minSimilarity)
            throws IOException {
        List<List<Hit<IndexedDocument>>> results = new ArrayList<>();
        for (int from = 0; from < vectors.size(); from += SEARCHES_PER_REQUEST) {
            List<MultisearchBody> searches = vectors.subList(from, Math.min(vectors.size(), from + SEARCHES_PER_REQUEST))
                    .stream().map(vector -> MultisearchBody.of(b -> SearchRequests.idsOnly(b).size(k)
                            .knn(PassageVectors.nearestPassages(vector, k, filter, minSimilarity, true)))).toList();
            results.addAll(searchIndex.searchEach(searchIndex.vectorsAlias(), searches));
        }
        return results;
    }

    /** A document's title and the passages read from the documents index, by position. */
    private record StoredPassages(String title, Map<Integer, IndexedPassage> passages) {
    }

    /** The title and the passages at the given positions of each document, as the documents index holds them. */
    private Map<String, StoredPassages> storedPassages(Map<String, Map<Integer, Double>> positions) throws IOException {
        Map<String, StoredPassages> stored = new HashMap<>();
        if (positions.isEmpty()) {
            return stored;
        }
        // a document's positions in pieces of what one search reads of a document
        List<String> ids = new ArrayList<>();
        List<MultisearchBody> searches = new ArrayList<>();
        positions.forEach((id, scores) -> {
            List<Integer> wanted = List.copyOf(scores.keySet());
            for (int from = 0; from < wanted.size(); from += SearchRequests.MAX_PASSAGES_AT) {
                ids.add(id);
                searches.add(SearchRequests.passagesAt(null, id,
                        wanted.subList(from, Math.min(wanted.size(), from + SearchRequests.MAX_PASSAGES_AT))));
            }
        });
        List<List<Hit<IndexedDocument>>> found = searchIndex.searchEach(searchIndex.alias(), searches);
        for (int i = 0; i < ids.size(); i++) {
            if (found.get(i).isEmpty()) {
                // deleted since its vectors were found
                continue;
            }
            Hit<IndexedDocument> hit = found.get(i).get(0);
            Map<Integer, IndexedPassage> byPosition = new HashMap<>(stored.containsKey(ids.get(i))
                    ? stored.get(ids.get(i)).passages() : Map.of());
            var inner = hit.innerHits().get(IndexedDocument.PASSAGES);
            if (inner != null) {
                for (Hit<JsonData> passageHit : inner.hits().hits()) {
                    if (passageHit.source() != null) {
                        IndexedPassage passage = passageHit.source().to(IndexedPassage.class);
                        byPosition.put(passage.position(), passage);
                    }
                }
            }
            stored.put(ids.get(i), new StoredPassages(hit.source() == null ? null : hit.source().title(), byPosition));
        }
        return stored;
    }

    /** The titles of documents the documents index still holds, by id. */
    private Map<String, String> titles(List<String> ids) throws IOException {
        Map<String, String> titles = new HashMap<>();
        if (ids.isEmpty()) {
            return titles;
        }
        searchIndex.search(SearchRequest.of(s -> s.index(searchIndex.alias()).size(ids.size())
                .query(q -> q.ids(i -> i.values(ids))).source(src -> src.filter(f -> f.includes("title")))))
                .hits().hits().forEach(hit -> titles.put(hit.id(), hit.source() == null ? null : hit.source().title()));
        return titles;
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
