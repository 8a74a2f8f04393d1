package cn.docsearch.gateway.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.SearchResponse;
import cn.docsearch.gateway.client.Downstream;
import cn.docsearch.gateway.client.SearchServiceClient;

@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search", description = "Keyword search with Chinese word segmentation (IK)")
public class SearchResource {
    private final SearchServiceClient search;
    private final Downstream downstream;

    public SearchResource(@RestClient SearchServiceClient search, Downstream downstream) {
        this.search = search;
        this.downstream = downstream;
    }

    @GET
    @Operation(summary = "Search documents",
            description = "Free words must all occur (segmented by IK, so 乡村振兴 matches the word, not any 乡 or 村). "
                    + "Text in quotes (\"...\" or “...”) must occur as that exact phrase. Highlights are HTML-escaped "
                    + "with matches in <em>, safe to insert as HTML.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SearchResponse.class)))
    @APIResponse(responseCode = "400", description = "Missing or invalid parameters", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "no query", value = OpenApiExamples.PROBLEM_QUERY)))
    public SearchResponse search(
            @Parameter(description = "What to look for; quote a phrase to match it exactly", required = true,
                    example = "乡村振兴 \"高质量发展\"") @QueryParam("q") String q,
            @Parameter(description = "Page, from 1", example = "1") @QueryParam("page") @DefaultValue("1") int page,
            @Parameter(description = "Hits per page, 1 to 100", example = "10") @QueryParam("size") @DefaultValue("10") int size) {
        return downstream.call("search-service", () -> search.search(q, page, size), SearchResponse.class);
    }
}
