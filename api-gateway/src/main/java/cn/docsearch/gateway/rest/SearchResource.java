package cn.docsearch.gateway.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.SearchResponse;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.rest.CurrentCaller;
import cn.docsearch.gateway.client.SearchService;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/search")
@RequiredRole(Role.READER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search", description = "Search by words (Chinese word segmentation with IK), by meaning (passage embeddings), or both")
public class SearchResource {
    private final SearchService search;
    private final CurrentCaller caller;

    public SearchResource(SearchService search, CurrentCaller caller) {
        this.search = search;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "search", summary = "Search documents",
            description = "mode=hybrid (default) ranks by words and by meaning together; keyword matches words "
                    + "(segmented by IK, so 乡村振兴 matches the word, not any 乡 or 村): documents with every free word "
                    + "first, then those with most of them, words written together ranking higher where they stand together; "
                    + "semantic finds passages that mean the same, with or without the same words. In every mode text in "
                    + "quotes (\"...\" or “...”) must occur as that exact phrase, -word excludes, and a OR b needs one of "
                    + "them. Each hit carries its answering passages; highlights are HTML-escaped with matches in <em>, "
                    + "safe to insert as HTML. A document is keyword-searchable about a second after 202 and searchable "
                    + "by meaning once its status is 'embedded'. Only documents of the key's collections are searched, "
                    + "counted and returned.")
    @APIResponse(responseCode = "200", description = "The hits of the requested page",
            content = @Content(schema = @Schema(implementation = SearchResponse.class)))
    @APIResponse(responseCode = "400", description = "Missing or invalid parameters, or an unknown mode", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = {@ExampleObject(name = "no query", value = OpenApiExamples.PROBLEM_QUERY),
                    @ExampleObject(name = "unknown mode", value = OpenApiExamples.PROBLEM_MODE)}))
    public Uni<Response> search(
            @Parameter(description = "What to look for: words, a question, or a description; quote a phrase to match "
                    + "it exactly", required = true, example = "农民不出家门就能找到工作") @QueryParam("q") String q,
            @Parameter(description = "keyword, semantic or hybrid", schema = @Schema(enumeration = {"hybrid", "keyword",
                    "semantic"}, defaultValue = "hybrid")) @QueryParam("mode") String mode,
            @Parameter(description = "Page, from 1", example = "1") @QueryParam("page") @DefaultValue("1") int page,
            @Parameter(description = "Hits per page, 1 to 100", example = "10") @QueryParam("size") @DefaultValue("10") int size,
            @Parameter(description = "Add each hit's keyword rank and score, vector rank and similarity, and fused score")
            @QueryParam("explain") @DefaultValue("false") boolean explain) {
        return search.search(caller.get(), q, mode, page, size, explain);
    }
}
