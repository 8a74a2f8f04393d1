package cn.docsearch.gateway.client;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.contract.SearchParameterNames;
import cn.docsearch.gateway.api.DictionaryAdministration;
import cn.docsearch.gateway.api.DocumentStatus;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.ProblemException;
import cn.docsearch.gateway.api.Similarity;
import cn.docsearch.gateway.auth.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * search-service as the gateway calls it, on behalf of a caller whose collections limit every read. Reads the gateway
 * passes on as they are (searches, exports, documents, similar documents, duplicates, tokens) go through the relay on
 * the event loop they came in on; the rest through the REST client. Failures are the gateway's problems
 * ({@link DownstreamException}). Timeouts: quarkus.rest-client.search-service.*, for both.
 */
@ApplicationScoped
public class SearchService {
    private static final String SEARCH_SERVICE = "search-service";
    private final SearchServiceRestClient client;
    private final SearchServiceRelay relay;

    public SearchService(@RestClient SearchServiceRestClient client, SearchServiceRelay relay) {
        this.client = client;
        this.relay = relay;
    }

    /**
     * @param cursor the {@code next} of a previous page, passed on as it is (search-service checks it), or null
     * @param query  the caller's query parameters: those of {@link SearchParameterNames#FILTERS_FACETS_AND_SORT} go
     *               on as sent, every value in order, for search-service to check; the caller's scope goes as always,
     *               and search-service intersects a {@code collection} filter with it
     */
    public Uni<Response> search(Caller who, String q, String mode, int page, int size, boolean explain, String cursor,
                                MultivaluedMap<String, String> query) {
        rejectUnknown(query);
        return relay.get("/search", withFiltersAndScope(who, SearchServiceRelay.parameters("q", q, "mode", mode,
                "page", page, "size", size, "explain", explain, "cursor", cursor), query));
    }

    /**
     * Every result of the search as NDJSON lines, relayed as search-service streams them; parameters as for
     * {@link #search}.
     */
    public Multi<byte[]> export(Caller who, String q, String mode, MultivaluedMap<String, String> query) {
        rejectUnknown(query);
        return relay.streamLines("/search/export", withFiltersAndScope(who, SearchServiceRelay.parameters("q", q,
                "mode", mode), query));
    }

    /** A parameter the public search does not take is refused, never dropped unnoticed (a misspelt filter). */
    private static void rejectUnknown(MultivaluedMap<String, String> query) {
        SearchParameterNames.unknown(query.keySet(), SearchParameterNames.PUBLIC).ifPresent(detail -> {
            throw new ProblemException(new Problem("urn:docsearch:problem:invalid-query", "Invalid query", 400, detail));
        });
    }

    private static Map<String, Object> withFiltersAndScope(Caller who, Map<String, Object> parameters,
                                                           MultivaluedMap<String, String> query) {
        for (String name : SearchParameterNames.FILTERS_FACETS_AND_SORT) {
            parameters.put(name, query.get(name));
        }
        parameters.put(CollectionNames.SCOPE_PARAMETER, who.scope());
        return parameters;
    }

    /** Completions of what the caller is typing, inside its collections. */
    public Uni<Response> suggest(Caller who, String q, int size) {
        return relay.get("/search/suggest", SearchServiceRelay.parameters("q", q, "size", size,
                CollectionNames.SCOPE_PARAMETER, who.scope()));
    }

    public Uni<Response> document(Caller who, String id) {
        return relay.get("/documents/" + SearchServiceRelay.segment(id),
                SearchServiceRelay.parameters(CollectionNames.SCOPE_PARAMETER, who.scope()));
    }

    public Uni<Response> similarDocuments(Caller who, String id, int size) {
        return relay.get("/documents/" + SearchServiceRelay.segment(id) + "/similar",
                SearchServiceRelay.parameters("size", size, CollectionNames.SCOPE_PARAMETER, who.scope()));
    }

    public Uni<Response> duplicates(Caller who, String id) {
        return relay.get("/documents/" + SearchServiceRelay.segment(id) + "/duplicates",
                SearchServiceRelay.parameters(CollectionNames.SCOPE_PARAMETER, who.scope()));
    }

    public Uni<Response> similarPassages(Caller who, Similarity.SimilarPassagesRequest request) {
        String scope = who.scope();
        return Downstream.relay(SEARCH_SERVICE, () -> client.similarPassages(request, scope));
    }

    /** How IK segments a text: no document is read, so no collection applies. */
    public Uni<Response> analyze(String text, String analyzer) {
        return relay.get("/analyze", SearchServiceRelay.parameters("text", text, "analyzer", analyzer));
    }

    /** What search-service indexed under the id, or why it could not; empty when it has nothing of it (404). */
    public Optional<DocumentStatus.Indexing> indexingStatus(Caller who, String id) {
        try {
            return Optional.of(Downstream.call(SEARCH_SERVICE, () -> client.status(id, who.scope()),
                    DocumentStatus.Indexing.class));
        } catch (DownstreamException e) {
            if (e.problem().status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Documents per collection as the index has them, failures and lag, among the caller's collections. */
    public JsonNode indexStats(Caller who) {
        return Downstream.call(SEARCH_SERVICE, () -> client.indexStats(who.scope()), JsonNode.class);
    }

    public Uni<Response> indexStatus() {
        return Downstream.relay(SEARCH_SERVICE, client::indexStatus);
    }

    public Uni<Response> rebuildIndex() {
        return Downstream.relay(SEARCH_SERVICE, client::rebuildIndex);
    }

    public Uni<Response> cancelIndexRebuild() {
        return Downstream.relay(SEARCH_SERVICE, client::cancelIndexRebuild);
    }

    public Uni<Response> dictionary() {
        return Downstream.relay(SEARCH_SERVICE, client::dictionary);
    }

    public Uni<Response> updateDictionary(DictionaryAdministration.DictionaryUpdate update, boolean rebuild) {
        return Downstream.relay(SEARCH_SERVICE, () -> client.updateDictionary(update, rebuild));
    }

    /** The status search-service's readiness check answers; an exception when it cannot be reached. */
    public int readiness() {
        try (Response response = client.ready()) {
            return response.getStatus();
        }
    }
}
