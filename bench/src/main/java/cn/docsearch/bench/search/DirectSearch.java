package cn.docsearch.bench.search;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.json.stream.JsonParser;

import cn.docsearch.search.query.PassageVectors;
import cn.docsearch.search.query.SearchHits;
import cn.docsearch.search.query.SearchRequests;
import cn.docsearch.search.query.UserQuery;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.json.JsonpDeserializer;
import co.elastic.clients.json.JsonpSerializable;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;

/**
 * The requests search-service sends for one search, sent straight to Elasticsearch (or to relays in front of it) as it
 * sends them: each to the index it names, since the documents and their passage vectors are in two indexes and the JSON
 * of a {@link SearchRequest} leaves the index to the URL; a later request built from an earlier one's answer where
 * search-service builds it so (the positions of the nearest passages, the keyword candidates to ask the vectors index
 * about). Whatever is known beforehand is serialised beforehand, so that a timing holds only what search-service
 * itself waits for. The benchmarks' queries have no hard constraints (phrases, OR groups, exclusions), so none of
 * the requests that narrow a search by meaning to them. typed_keys as the Java client asks for it with every search.
 */
final class DirectSearch {
    private static final JacksonJsonpMapper MAPPER = new JacksonJsonpMapper();
    private static final JsonpDeserializer<SearchResponse<JsonData>> RESPONSE =
            SearchResponse.createSearchResponseDeserializer(JsonData._DESERIALIZER);
    /** Where the Java client sends a multi-search whose searches name their index each. */
    private static final String MULTI_SEARCH = "/_msearch?typed_keys=true";
    /** The header line of each search of the documents index in a multi-search. */
    private static final String DOCUMENTS_HEADER = "{\"index\":\"" + SearchBenchmark.INDEX + "\"}";

    private DirectSearch() {
    }

    /** One search's requests, sent in turn to an Elasticsearch URL (or the entry of relays in front of it). */
    interface Search {
        void send(String elasticsearch) throws Exception;
    }

    /** A request serialised, with the path that names its index. */
    record Prepared(String path, String body) {
        static Prepared of(SearchRequest request) {
            return new Prepared("/" + String.join(",", request.index()) + "/_search?typed_keys=true", json(request));
        }

        /** @return Elasticsearch's answer */
        String send(String elasticsearch) throws Exception {
            return SearchBenchmark.post(elasticsearch + path, body);
        }
    }

    static String json(JsonpSerializable request) {
        return JsonpUtils.toJsonString(request, MAPPER);
    }

    /** A search of one request (a keyword page). */
    static Search of(SearchRequest request) {
        Prepared prepared = Prepared.of(request);
        return prepared::send;
    }

    /**
     * The page a search by meaning shows (RankedSearch's byMeaning): the positions of the shown documents' nearest
     * passages, from the vectors index, then those passages' text and the documents' fields, from the documents index:
     * one multi-search, a search per document.
     *
     * @param nearest a {@link SearchRequests#vector} request for the hits shown
     */
    static Search page(SearchRequest nearest, UserQuery query) {
        Prepared prepared = Prepared.of(nearest);
        return elasticsearch -> {
            Map<String, List<Integer>> positions = new LinkedHashMap<>();
            for (Hit<JsonData> hit : hits(prepared.send(elasticsearch))) {
                positions.put(SearchHits.id(hit), List.copyOf(PassageVectors.positions(hit).keySet()));
            }
            // nothing near enough: search-service reads no passages either
            if (positions.isEmpty()) {
                return;
            }
            StringBuilder searches = new StringBuilder();
            for (Map.Entry<String, List<Integer>> document : positions.entrySet()) {
                searches.append(DOCUMENTS_HEADER).append('\n')
                        .append(json(SearchRequests.passagesAt(query, document.getKey(), document.getValue()))).append('\n');
            }
            // a search of a multi-search fails alone, in an answer that is a 200 (search-service throws on it)
            for (JsonNode answer : SearchBenchmark.JSON.readTree(SearchBenchmark.post(elasticsearch + MULTI_SEARCH,
                    searches.toString())).path("responses")) {
                if (answer.has("error")) {
                    throw new IllegalStateException("A search of the multi-search failed: " + answer.path("error"));
                }
            }
        };
    }

    /**
     * A semantic search: the vector candidates (with the facets, if asked for), then the page shown ({@link #page}).
     *
     * @param nearestShown null when no page is shown (no candidate)
     */
    static Search semantic(SearchRequest vectorCandidates, SearchRequest nearestShown, UserQuery query) {
        Prepared candidates = Prepared.of(vectorCandidates);
        Search shown = nearestShown == null ? null : page(nearestShown, query);
        return elasticsearch -> {
            candidates.send(elasticsearch);
            if (shown != null) {
                shown.send(elasticsearch);
            }
        };
    }

    /**
     * A hybrid search, as RankedSearch sends it: both sides' candidates, which keyword candidates have their vectors
     * in (one request of the vectors index, for fusion), the count of the union, then the page shown: its keyword hits
     * and its passages found by meaning ({@link #page}).
     *
     * @param union        null when not sent
     * @param keywordShown null when no page is shown, as {@code nearestShown}
     */
    static Search hybrid(SearchRequest keywordCandidates, SearchRequest vectorCandidates, SearchRequest union,
                         SearchRequest keywordShown, SearchRequest nearestShown, UserQuery query) {
        Prepared keyword = Prepared.of(keywordCandidates);
        Prepared vector = Prepared.of(vectorCandidates);
        Prepared counted = union == null ? null : Prepared.of(union);
        Prepared keywordPage = keywordShown == null ? null : Prepared.of(keywordShown);
        Search meaningPage = nearestShown == null ? null : page(nearestShown, query);
        return elasticsearch -> {
            List<String> keywordIds = ids(keyword.send(elasticsearch));
            vector.send(elasticsearch);
            if (!keywordIds.isEmpty()) {
                Prepared.of(SearchRequests.embeddedAmong(SearchBenchmark.VECTORS_INDEX, keywordIds)).send(elasticsearch);
            }
            if (counted != null) {
                counted.send(elasticsearch);
            }
            if (keywordPage != null) {
                keywordPage.send(elasticsearch);
            }
            if (meaningPage != null) {
                meaningPage.send(elasticsearch);
            }
        };
    }

    /** The ids of an answer's hits, in rank order, named as search-service names them. */
    static List<String> ids(String answer) {
        return hits(answer).stream().map(SearchHits::id).toList();
    }

    /** The hits of an answer, read as search-service's client reads them. */
    static List<Hit<JsonData>> hits(String answer) {
        try (JsonParser parser = MAPPER.jsonProvider().createParser(new StringReader(answer))) {
            return RESPONSE.deserialize(parser, MAPPER).hits().hits();
        }
    }
}
