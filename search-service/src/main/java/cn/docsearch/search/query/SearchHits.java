package cn.docsearch.search.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonString;

import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.IndexedPassage;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.InnerHitsResult;
import co.elastic.clients.json.JsonData;

/** What Elasticsearch's hits become in an answer: rankings read back, and each hit with its passages. */
public final class SearchHits {
    private SearchHits() {
    }

    /** One side's ranking: the documents in order, their metadata and their best passages. */
    record Ranking(long total, List<Hit<IndexedDocument>> hits, Map<String, Aggregate> aggregations) {
        static final Ranking NONE = new Ranking(0, List.of(), Map.of());

        static Ranking of(SearchResponse<IndexedDocument> response) {
            long total = response.hits().total() == null ? response.hits().hits().size() : response.hits().total().value();
            return new Ranking(total, response.hits().hits(), response.aggregations());
        }

        /** The counts by field the request asked for, over its whole result set; null when none. */
        Map<String, List<FacetCount>> facets(List<FacetField> fields) {
            return Facets.read(fields, aggregations);
        }

        /** The ids of the hits, in rank order. */
        List<String> ids() {
            return hits.stream().map(SearchHits::id).toList();
        }

        /** The hits by document id, in rank order. */
        Map<String, Hit<IndexedDocument>> byId() {
            Map<String, Hit<IndexedDocument>> byId = new LinkedHashMap<>();
            hits.forEach(hit -> byId.putIfAbsent(id(hit), hit));
            return byId;
        }
    }

    /**
     * A hit's document id: its {@code _id}, or for a hit read without stored fields (candidates, see
     * {@link SearchRequests#idsOnly(co.elastic.clients.elasticsearch.core.SearchRequest.Builder)}) its
     * {@value SearchRequests#ID_FIELD} doc value.
     */
    public static String id(Hit<?> hit) {
        String id = hit.id() != null ? hit.id() : docValue(hit, SearchRequests.ID_FIELD);
        if (id == null) {
            throw new IllegalStateException("A hit with neither _id nor " + SearchRequests.ID_FIELD + " doc value");
        }
        return id;
    }

    /**
     * @param hit         the document as a hit shows it (its fields, title highlight)
     * @param ownPassages the passages of the side that found it first
     * @param alsoFound   the other side's passages of the same document, which fill up the ones shown
     * @param byMeaning   whether its own passages were found by meaning: its snippet marks the answering sentence
     */
    static SearchHit toHit(Hit<IndexedDocument> hit, List<PassageHit> ownPassages, List<PassageHit> alsoFound,
                           double score, HitExplanation explanation, SearchPage page, boolean byMeaning) {
        IndexedDocument document = hit.source();
        Map<String, List<String>> highlight = hit.highlight();
        List<String> titleHighlight = preferMatched(highlight.get("title.smart"), highlight.get("title"));
        List<PassageHit> passages = new ArrayList<>(ownPassages);
        if (!alsoFound.isEmpty()) {
            for (PassageHit passage : alsoFound) {
                if (passages.size() < KeywordQuery.PASSAGES_PER_HIT
                        && passages.stream().noneMatch(p -> p.position() == passage.position())) {
                    passages.add(passage);
                }
            }
        }
        Snippet snippet = passages.isEmpty() ? null : Snippet.of(passages.get(0), page.query().meaning(), byMeaning);
        boolean withPassages = page.passages();
        return new SearchHit(hit.id(), document == null ? null : document.collection(),
                document == null ? null : document.title(), score,
                titleHighlight.isEmpty() ? null : titleHighlight.get(0), snippet,
                withPassages ? passages.stream().map(PassageHit::text).toList() : null, withPassages ? passages : null,
                document == null ? null : document.source(),
                document == null ? List.of() : document.tags(),
                document == null ? null : document.author(),
                document == null ? null : document.documentDate(),
                document == null ? null : document.contentType(),
                document == null ? null : document.fileName(),
                document == null ? null : document.ingestedAt(), null, explanation);
    }

    /**
     * The text fingerprint of a shown hit (read from doc values), or null when it has none (a text under
     * {@code TextFingerprint.MIN_LETTERS} letters, or indexed before fingerprints).
     */
    static Long fingerprint(Hit<?> hit) {
        String value = docValue(hit, SearchRequests.FINGERPRINT_FIELD);
        return value == null ? null : Long.valueOf(value);
    }

    /**
     * The best passages of a hit, highlighted when a keyword query found them or a highlight query marked them,
     * HTML-escaped otherwise; in the order Elasticsearch gave them.
     */
    static List<PassageHit> passages(Hit<IndexedDocument> hit) {
        List<PassageHit> passages = new ArrayList<>();
        InnerHitsResult inner = hit.innerHits().get(KeywordQuery.PASSAGES);
        if (inner == null) {
            return passages;
        }
        for (Hit<JsonData> passageHit : inner.hits().hits()) {
            if (passageHit.source() == null) {
                continue;
            }
            IndexedPassage passage = passageHit.source().to(IndexedPassage.class);
            List<String> marked = preferMatched(passageHit.highlight().get(KeywordQuery.PASSAGES + ".text.smart"),
                    passageHit.highlight().get(KeywordQuery.PASSAGES + ".text"));
            String text = marked.isEmpty() ? Html.escape(passage.text()) : marked.get(0);
            passages.add(new PassageHit(passage.position(), passage.headings(), text, score(passageHit)));
        }
        return passages;
    }

    /** The hit's documentDate as a candidate request reads it (doc values), or null when it has none. */
    static String date(Hit<?> hit) {
        return docValue(hit, SearchRequests.DATE_FIELD);
    }

    private static String docValue(Hit<?> hit, String field) {
        JsonData values = hit.fields().get(field);
        List<?> read = values == null ? List.of() : values.to(List.class);
        if (read.isEmpty()) {
            return null;
        }
        // a value parsed by Jackson is a String or a number; one of a JSON-P tree (JsonData.fromJson) a JsonString
        return read.get(0) instanceof JsonString text ? text.getString() : String.valueOf(read.get(0));
    }

    static double score(Hit<?> hit) {
        return hit.score() == null ? 0 : hit.score();
    }

    /** Whether the hit has every free term of the query (the all-terms clause matched). */
    static boolean allTerms(Hit<?> hit) {
        return hit.matchedQueries().contains(KeywordQuery.ALL_TERMS);
    }

    /** The ik_smart highlight when it marked something, else the max_word one, else whatever there is. */
    private static List<String> preferMatched(List<String> smart, List<String> maxWord) {
        if (smart != null && smart.stream().anyMatch(f -> f.contains("<em>"))) {
            return smart;
        }
        if (maxWord != null && !maxWord.isEmpty()) {
            return maxWord;
        }
        return smart == null ? List.of() : smart;
    }
}
