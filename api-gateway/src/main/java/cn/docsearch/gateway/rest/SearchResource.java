package cn.docsearch.gateway.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.common.util.RestMediaType;

import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.SearchResponse;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.rest.CurrentCaller;
import cn.docsearch.gateway.client.SearchService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/search")
@RequiredRole(Role.READER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search", description = "Search by words (Chinese word segmentation with IK), by meaning (passage embeddings), or both")
public class SearchResource {
    private static final String FILTER = "Filter, repeated for several values (any of them), each at most 1,024 "
            + "characters, at most 50.";
    private static final String TAGS = FILTER + " Tags, as given at upload";
    private static final String SOURCES = FILTER + " Sources, as given at upload";
    private static final String AUTHORS = FILTER + " Authors, as a file's properties name them";
    private static final String CONTENT_TYPES = FILTER + " Media types of the uploaded files (JSON and text submissions "
            + "are text/plain)";
    private static final String COLLECTIONS = FILTER + " Collections, within the key's: a collection the key does not "
            + "have matches nothing";
    private static final String DATE_FROM = "Documents dated on or after this day (yyyy-MM-dd, the date the document "
            + "carries, e.g. its signature date); undated documents are left out";
    private static final String DATE_TO = "Documents dated on or before this day (yyyy-MM-dd); undated documents are "
            + "left out";
    private static final String INGESTED_FROM = "Documents ingested from this day (yyyy-MM-dd, from its start, UTC) or "
            + "instant with its offset (2026-03-01T08:00:00+08:00)";
    private static final String INGESTED_TO = "Documents ingested until this day (yyyy-MM-dd, to its end, UTC) or "
            + "instant with its offset, inclusive";
    private static final String SORT = "relevance, or by the document's date: date oldest first, -date newest first "
            + "(undated documents last, equal dates by relevance)";
    private static final String QUERY = "What to look for: words, a question, or a description; quote a phrase to "
            + "match it exactly";

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
                    + "them. Each hit shows a snippet of 120-160 characters around the answer (the answering sentence in <mark> when "
                    + "found by meaning), its full passages with passages=true; highlighted text is HTML-escaped with "
                    + "matches in <em>, safe to insert as HTML. Near-identical results of a page are folded under the best "
                    + "of them (fold=false shows them apart); a search that finds nothing may carry didYouMean. A document is keyword-searchable about a second after 202 and searchable "
                    + "by meaning once its status is 'embedded'. Only documents of the key's collections are searched, "
                    + "counted and returned. Filters narrow the results in every mode before they are ranked and counted: "
                    + "a document must have one of the values of each filter given (tags=a&tags=b: either; tags=a&source=b: "
                    + "both). facets adds counts of the same results by field; sort=date or -date orders them by the "
                    + "document's date instead of relevance. Paging: page and size reach the first 10,000 keyword "
                    + "results, or the whole ranking of semantic and hybrid mode (their best 1,000 by meaning, fused "
                    + "in hybrid mode with as many keyword matches); each page that has more after it carries next, a "
                    + "cursor: send it back as cursor= with the same q, mode, filters and sort for the following page. "
                    + "A keyword walk by cursor reaches every match, past 10,000, each exactly once in one order (it "
                    + "reads the index as it was when the second page was asked for); a semantic or hybrid walk "
                    + "reaches the end of their ranking. Pages by number and by cursor never repeat a document of "
                    + "another page of the same search.")
    @Parameter(name = "tags", in = ParameterIn.QUERY, description = TAGS,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class), example = "乡村振兴")
    @Parameter(name = "source", in = ParameterIn.QUERY, description = SOURCES,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class), example = "县政府办公室")
    @Parameter(name = "author", in = ParameterIn.QUERY, description = AUTHORS,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class), example = "张伟")
    @Parameter(name = "contentType", in = ParameterIn.QUERY, description = CONTENT_TYPES,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class),
            example = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    @Parameter(name = "collection", in = ParameterIn.QUERY, description = COLLECTIONS,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class), example = "office")
    @Parameter(name = "dateFrom", in = ParameterIn.QUERY, description = DATE_FROM,
            schema = @Schema(type = SchemaType.STRING, format = "date"), example = "2023-01-01")
    @Parameter(name = "dateTo", in = ParameterIn.QUERY, description = DATE_TO,
            schema = @Schema(type = SchemaType.STRING, format = "date"), example = "2023-12-31")
    @Parameter(name = "ingestedFrom", in = ParameterIn.QUERY, description = INGESTED_FROM,
            schema = @Schema(type = SchemaType.STRING), example = "2026-03-01")
    @Parameter(name = "ingestedTo", in = ParameterIn.QUERY, description = INGESTED_TO,
            schema = @Schema(type = SchemaType.STRING), example = "2026-03-31T18:00:00Z")
    @Parameter(name = "facets", in = ParameterIn.QUERY, description = "Fields to count the results by, at most 5, "
            + "repeated or comma-separated (facets=tags,year): the answer's facets then has, per field, its 20 most "
            + "frequent values among the results with their counts. year is the document date's year",
            schema = @Schema(type = SchemaType.ARRAY, implementation = FacetField.class, maxItems = 5),
            example = "tags")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = SORT,
            schema = @Schema(type = SchemaType.STRING, enumeration = {"relevance", "date", "-date"},
                    defaultValue = "relevance"))
    @Parameter(name = "passages", in = ParameterIn.QUERY, description = "Add each hit's answering passages (up to "
            + "three, about 400 characters each) to its snippet", schema = @Schema(type = SchemaType.BOOLEAN,
            defaultValue = "false"))
    @Parameter(name = "fold", in = ParameterIn.QUERY, description = "Fold the results of a page whose texts are "
            + "near-identical under the best of them (its folded list); false shows each apart. Totals and paging "
            + "count every result either way", schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "true"))
    @APIResponse(responseCode = "200", description = "The hits of the requested page; next when more follow",
            content = @Content(schema = @Schema(implementation = SearchResponse.class)))
    @APIResponse(responseCode = "400", description = "Missing or invalid parameters: no q, a parameter the search does "
            + "not take (a misspelt filter), an unknown mode, sort or facet, a malformed date, a from after its to, an "
            + "empty filter value, more than 50 values of a filter or "
            + "one over 1,024 characters, a page beyond what page numbers reach, page with cursor (invalid-query); a "
            + "cursor this search did not give, or not one at all (invalid-cursor)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = {@ExampleObject(name = "no query", value = OpenApiExamples.PROBLEM_QUERY),
                    @ExampleObject(name = "unknown mode", value = OpenApiExamples.PROBLEM_MODE),
                    @ExampleObject(name = "unknown sort", value = OpenApiExamples.PROBLEM_SORT),
                    @ExampleObject(name = "malformed date", value = OpenApiExamples.PROBLEM_DATE),
                    @ExampleObject(name = "too many values", value = OpenApiExamples.PROBLEM_FILTER_VALUES),
                    @ExampleObject(name = "page too deep", value = OpenApiExamples.PROBLEM_PAGE_BEYOND),
                    @ExampleObject(name = "cursor of another search", value = OpenApiExamples.PROBLEM_CURSOR)}))
    @APIResponse(responseCode = "410", description = "A keyword cursor whose point in time has expired (not followed "
            + "within 5 minutes of its page, or the index was rebuilt): start again from the first page",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "expired", value = OpenApiExamples.PROBLEM_CURSOR_EXPIRED)))
    @APIResponse(responseCode = "414", description = "A path and query over 24,576 characters (50 filter values of up "
            + "to about 50 Chinese characters each fit)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> search(
            @Parameter(description = QUERY, required = true, example = "农民不出家门就能找到工作") @QueryParam("q") String q,
            @Parameter(description = "keyword, semantic or hybrid", schema = @Schema(enumeration = {"hybrid", "keyword",
                    "semantic"}, defaultValue = "hybrid")) @QueryParam("mode") String mode,
            @Parameter(description = "Page, from 1: in keyword mode page × size up to 10,000, in semantic and hybrid "
                    + "mode a page starting within their best 1,000; not with cursor", example = "1")
            @QueryParam("page") @DefaultValue("1") int page,
            @Parameter(description = "Hits per page, 1 to 100", example = "10") @QueryParam("size") @DefaultValue("10") int size,
            @Parameter(description = "Add each hit's keyword rank and score, vector rank and similarity, and fused score")
            @QueryParam("explain") @DefaultValue("false") boolean explain,
            @Parameter(description = "The next of the previous page, as it came, for the page after it (with the same "
                    + "q, mode, filters and sort; size may change)") @QueryParam("cursor") String cursor,
            @Context UriInfo request) {
        // filters, facets and sort (documented above) are read from the request line as they came: search-service
        // checks them, and a list parameter of JAX-RS would drop the empty values (tags=) it refuses
        return search.search(caller.get(), q, mode, page, size, explain, cursor, request.getQueryParameters());
    }

    @GET
    @Path("export")
    @Produces(RestMediaType.APPLICATION_NDJSON)
    @Operation(operationId = "exportSearch", summary = "Export every result of a search",
            description = "Every result of the search as NDJSON (application/x-ndjson), one JSON object a line, in the "
                    + "search's order, streamed as it is read: in keyword mode every matching document, in semantic "
                    + "and hybrid mode their whole ranking (the best 1,000 by meaning, fused with as many keyword "
                    + "matches in hybrid mode). Takes the search's q, mode, filters and sort; only documents of the "
                    + "key's collections. A refused request is a problem as for search; a failure once lines have "
                    + "been sent can only end the stream early (the chunked answer then lacks its end, which HTTP "
                    + "clients report as an error), so a complete export is one that ended normally.")
    @Parameter(name = "tags", in = ParameterIn.QUERY, description = TAGS,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @Parameter(name = "source", in = ParameterIn.QUERY, description = SOURCES,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @Parameter(name = "author", in = ParameterIn.QUERY, description = AUTHORS,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @Parameter(name = "contentType", in = ParameterIn.QUERY, description = CONTENT_TYPES,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @Parameter(name = "collection", in = ParameterIn.QUERY, description = COLLECTIONS,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @Parameter(name = "dateFrom", in = ParameterIn.QUERY, description = DATE_FROM,
            schema = @Schema(type = SchemaType.STRING, format = "date"))
    @Parameter(name = "dateTo", in = ParameterIn.QUERY, description = DATE_TO,
            schema = @Schema(type = SchemaType.STRING, format = "date"))
    @Parameter(name = "ingestedFrom", in = ParameterIn.QUERY, description = INGESTED_FROM,
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "ingestedTo", in = ParameterIn.QUERY, description = INGESTED_TO,
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = SORT,
            schema = @Schema(type = SchemaType.STRING, enumeration = {"relevance", "date", "-date"},
                    defaultValue = "relevance"))
    @APIResponse(responseCode = "200", description = "One line per result",
            content = @Content(mediaType = RestMediaType.APPLICATION_NDJSON,
                    schema = @Schema(implementation = SearchResponse.ExportedHit.class),
                    examples = @ExampleObject(name = "a line", value = OpenApiExamples.EXPORT_LINE)))
    @APIResponse(responseCode = "400", description = "Missing or invalid parameters, as for search", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
            examples = {@ExampleObject(name = "no query", value = OpenApiExamples.PROBLEM_QUERY),
                    @ExampleObject(name = "unknown mode", value = OpenApiExamples.PROBLEM_MODE)}))
    public Multi<byte[]> export(
            @Parameter(description = QUERY, required = true, example = "乡村振兴") @QueryParam("q") String q,
            @Parameter(description = "keyword, semantic or hybrid", schema = @Schema(enumeration = {"hybrid", "keyword",
                    "semantic"}, defaultValue = "hybrid")) @QueryParam("mode") String mode,
            @Context UriInfo request) {
        // each line relayed as search-service streams it: the export is never held whole here
        return search.export(caller.get(), q, mode, request.getQueryParameters());
    }

    @GET
    @Path("suggest")
    @Operation(operationId = "suggestSearch", summary = "Suggest while typing",
            description = "Completions of what is being typed in a search box: titles of documents that start with it, "
                    + "or have a word starting with it among their first characters, matched by characters, pinyin "
                    + "(xiangcun) or pinyin initials (xczx), traditional characters as simplified; then tags and "
                    + "headings that start with it. Only documents of the key's collections.")
    @APIResponse(responseCode = "200", description = "Up to size suggestions, titles first",
            content = @Content(schema = @Schema(implementation = SearchResponse.Suggestions.class)))
    @APIResponse(responseCode = "400", description = "No q, a q over 50 characters, or a size outside 1 to 20",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> suggest(
            @Parameter(description = "What has been typed so far", required = true, example = "xczx") @QueryParam("q") String q,
            @Parameter(description = "Suggestions at most, 1 to 20", example = "8") @QueryParam("size") @DefaultValue("8") int size) {
        return search.suggest(caller.get(), q, size);
    }

    /** What facets takes, each item of its array; a type of the OpenAPI document only. */
    @Schema(name = "SearchFacetField", type = SchemaType.STRING, enumeration = {"tags", "source", "author", "contentType",
            "collection", "year"})
    interface FacetField {
    }
}
