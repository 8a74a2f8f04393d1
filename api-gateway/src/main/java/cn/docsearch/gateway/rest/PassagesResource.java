package cn.docsearch.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.Similarity;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.rest.CurrentCaller;
import cn.docsearch.gateway.client.SearchService;
import io.smallrye.mutiny.Uni;

/** Routes about passages and words rather than whole documents: "was this copied?" and "how does IK cut this?". */
@Path("/api/v1")
@RequiredRole(Role.READER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Passages", description = "Find where a paragraph was copied from; see how IK segments text")
public class PassagesResource {
    private final SearchService search;
    private final CurrentCaller caller;

    public PassagesResource(SearchService search, CurrentCaller caller) {
        this.search = search;
        this.caller = caller;
    }

    @POST
    @Path("/passages/similar")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "similarPassages", summary = "Was this paragraph copied, and from where?",
            description = "Stored passages closest in meaning to the paragraph, most similar first, each with its "
                    + "document, headings and cosine similarity. 'copied' marks those at or above the threshold, "
                    + "calibrated so that a copy with a few words changed, sentences reordered or names masked scores "
                    + "above it and a different paragraph on the same topic below.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Similarity.SimilarPassagesRequest.class)))
    @APIResponse(responseCode = "200", description = "Stored passages nearest the paragraph",
            content = @Content(schema = @Schema(implementation = Similarity.SimilarPassages.class)))
    @APIResponse(responseCode = "400", description = "No text, or text over 2000 characters", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> similarPassages(Similarity.SimilarPassagesRequest request) {
        return search.similarPassages(caller.get(), request);
    }

    @GET
    @Path("/analyze")
    @Operation(operationId = "analyze", summary = "How IK segments a text",
            description = "The tokens search sees, cut by the live index with the dictionary's words and stopwords: "
                    + "ik_smart (coarse, how queries are cut, with their synonyms) or ik_max_word (every word, how texts "
                    + "are indexed). Useful to see why a query matches or not.")
    @APIResponse(responseCode = "200", description = "The tokens",
            content = @Content(schema = @Schema(implementation = Similarity.Analysis.class)))
    @APIResponse(responseCode = "400", description = "No text, text over 2000 characters, or an unknown analyzer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unknown analyzer", value = OpenApiExamples.PROBLEM_ANALYZER)))
    public Uni<Response> analyze(
            @Parameter(description = "The text, at most 2000 characters", required = true, example = "学习贯彻党的二十大精神，推动高质量发展")
            @QueryParam("text") String text,
            @Parameter(description = "ik_smart (default) or ik_max_word", schema = @Schema(enumeration = {"ik_smart",
                    "ik_max_word"}, defaultValue = "ik_smart")) @QueryParam("analyzer") String analyzer) {
        return search.analyze(text, analyzer);
    }
}
