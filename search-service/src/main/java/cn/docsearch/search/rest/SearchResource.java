package cn.docsearch.search.rest;

import java.io.IOException;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import cn.docsearch.search.service.IndexingStatus;
import cn.docsearch.search.service.SearchResults;
import cn.docsearch.search.service.SearchService;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {
    private final SearchService searchService;

    public SearchResource(SearchService searchService) {
        this.searchService = searchService;
    }

    @GET
    @Path("search")
    public SearchResults search(@QueryParam("q") String q, @QueryParam("mode") String mode,
                                @QueryParam("page") @DefaultValue("1") int page,
                                @QueryParam("size") @DefaultValue("10") int size,
                                @QueryParam("explain") @DefaultValue("false") boolean explain) throws IOException {
        return searchService.search(q, mode, page, size, explain);
    }

    @GET
    @Path("documents/{id}/status")
    public IndexingStatus status(@PathParam("id") String id) throws IOException {
        return searchService.status(id).orElseThrow(() -> new DocumentNotFoundException(id));
    }

    @GET
    @Path("documents/{id}")
    public DocumentView document(@PathParam("id") String id) throws IOException {
        return searchService.get(id).map(DocumentView::of).orElseThrow(() -> new DocumentNotFoundException(id));
    }
}
