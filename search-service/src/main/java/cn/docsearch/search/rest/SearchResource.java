package cn.docsearch.search.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.common.util.RestMediaType;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.search.index.CollectionScope;
import cn.docsearch.search.index.SearchIndex;
import cn.docsearch.search.indexing.IndexingStatus;
import cn.docsearch.search.indexing.IndexingStatuses;
import cn.docsearch.search.query.AnalyzeService;
import cn.docsearch.search.query.ExportedHit;
import cn.docsearch.search.query.InvalidQueryException;
import cn.docsearch.search.query.SearchPage;
import cn.docsearch.search.query.SearchResults;
import cn.docsearch.search.query.SearchService;
import cn.docsearch.search.similarity.DuplicateReport;
import cn.docsearch.search.similarity.SimilarDocument;
import cn.docsearch.search.similarity.SimilarPassage;
import cn.docsearch.search.similarity.SimilarityService;
import cn.docsearch.search.suggest.Suggestion;
import cn.docsearch.search.suggest.SuggestService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Searches and reads. Each takes the caller's collections ({@code collections}, comma-separated, as the gateway passes
 * its key's; absent: all): nothing outside them is returned, counted, or told apart from what does not exist.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {
    private static final int MAX_ID_BYTES = 512;

    private final SearchService searchService;
    private final SearchIndex searchIndex;
    private final IndexingStatuses statuses;
    private final SimilarityService similarityService;
    private final AnalyzeService analyzeService;
    private final SuggestService suggestService;

    public SearchResource(SearchService searchService, SearchIndex searchIndex, IndexingStatuses statuses,
                          SimilarityService similarityService, AnalyzeService analyzeService,
                          SuggestService suggestService) {
        this.searchService = searchService;
        this.searchIndex = searchIndex;
        this.statuses = statuses;
        this.similarityService = similarityService;
        this.analyzeService = analyzeService;
        this.suggestService = suggestService;
    }

    @GET
    @Path("search")
    public Uni<SearchResults> search(@BeanParam SearchParameters parameters, @Context UriInfo request,
                                     @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections) {
        SearchPage page = parameters.page(request.getQueryParameters());
        CollectionScope scope = CollectionScope.parse(collections);
        return searchService.search(page, scope).chain(results -> results.total() > 0 || page.cursor() != null
                ? Uni.createFrom().item(results)
                // a hint: when it cannot be had, the search is answered without it
                : suggestService.didYouMean(page.query().meaning(), scope).map(results::withDidYouMean)
                        .onFailure().recoverWithItem(results));
    }

    /** Completions of what a caller is typing, for a search box: titles (by characters, pinyin, initials) and terms. */
    @GET
    @Path("search/suggest")
    public Uni<Suggestions> suggest(@QueryParam("q") String q, @QueryParam("size") @DefaultValue("8") int size,
                                    @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections) {
        return suggestService.suggest(q, size, CollectionScope.parse(collections)).map(Suggestions::new);
    }

    /** The answer of {@link #suggest}. */
    public record Suggestions(List<Suggestion> suggestions) {
    }

    /**
     * Every result of a search as NDJSON, one {@link ExportedHit} a line, in the search's order, streamed as it is
     * read. A refused request is a problem; a failure once lines have gone out can only cut the stream short (the
     * chunked answer then ends without its last chunk, which HTTP clients report).
     */
    @GET
    @Path("search/export")
    @Produces(RestMediaType.APPLICATION_NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<ExportedHit> export(@BeanParam SearchParameters parameters, @Context UriInfo request,
                                     @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections) {
        return searchService.export(parameters.export(request.getQueryParameters()), CollectionScope.parse(collections));
    }

    /**
     * Elasticsearch takes ids of at most 512 bytes: a longer one names no document, and would not fit in a node's
     * request line (a 503 instead of the 404 it is).
     */
    private static String possibleId(String id) {
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw new DocumentNotFoundException(id.substring(0, 64) + "…");
        }
        return id;
    }

    @GET
    @Path("documents/{id}/status")
    public IndexingStatus status(@PathParam("id") String id, @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections) throws IOException {
        return statuses.status(possibleId(id), CollectionScope.parse(collections)).orElseThrow(() -> new DocumentNotFoundException(id));
    }

    @GET
    @Path("documents/{id}")
    public DocumentView document(@PathParam("id") String id, @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections) throws IOException {
        return searchIndex.document(possibleId(id), CollectionScope.parse(collections)).map(DocumentView::of).orElseThrow(() -> new DocumentNotFoundException(id));
    }

    @GET
    @Path("documents/{id}/similar")
    public Map<String, Object> similarDocuments(@PathParam("id") String id, @QueryParam("size") @DefaultValue("10") int size,
                                                @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections) throws IOException {
        List<SimilarDocument> documents = similarityService.similarDocuments(possibleId(id), size, CollectionScope.parse(collections))
                .orElseThrow(() -> new DocumentNotFoundException(id));
        return Map.of("id", id, "documents", documents);
    }

    @GET
    @Path("documents/{id}/duplicates")
    public DuplicateReport duplicates(@PathParam("id") String id, @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections)
            throws IOException {
        return similarityService.duplicates(possibleId(id), CollectionScope.parse(collections)).orElseThrow(() -> new DocumentNotFoundException(id));
    }

    @POST
    @Path("passages/similar")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> similarPassages(SimilarPassagesRequest request, @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections)
            throws IOException {
        if (request == null) {
            throw new InvalidQueryException("A JSON body {\"text\": \"...\"} is required");
        }
        List<SimilarPassage> passages = similarityService.similarPassages(request.text(),
                request.size() == null ? 10 : request.size(), CollectionScope.parse(collections));
        return Map.of("threshold", SimilarityService.COPY_THRESHOLD, "passages", passages);
    }

    @GET
    @Path("analyze")
    public AnalyzeService.Analysis analyze(@QueryParam("text") String text, @QueryParam("analyzer") String analyzer)
            throws IOException {
        return analyzeService.analyze(text, analyzer);
    }
}
