package cn.docsearch.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

@Schema(description = "One page of search results, best first")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResponse(
        @Schema(enumeration = {"keyword", "semantic", "hybrid"}, example = "hybrid") String mode,
        @Schema(description = "Matching documents: every one in keyword mode; in semantic mode the candidates ranked "
                + "(the best 1,000 by meaning at most); in hybrid mode every keyword match and the candidates by meaning "
                + "fused with them (a walk reaches their ranking: at least the best 1,000)", example = "42")
        long total,
        @Schema(description = "The number this page has at this size (after a cursor too)", example = "1") int page,
        @Schema(example = "10") int size,
        @Schema(description = "Time search-service spent, in milliseconds", example = "12") long tookMs,
        List<Hit> hits,
        @Schema(description = "Only when asked for (facets=...): per field, its 20 most frequent values among the "
                + "results that total counts, most frequent first, equal counts by value; absent when no facets were asked for",
                example = "{\"tags\":[{\"value\":\"试点\",\"count\":3},{\"value\":\"报告\",\"count\":1}],"
                        + "\"year\":[{\"value\":\"2023\",\"count\":2}]}")
        Map<String, List<FacetCount>> facets,
        @Schema(description = "Only when more results follow: the cursor of the next page, an opaque URL-safe string. "
                + "Send it back as cursor=, with the same q, mode, filters and sort, to get that page; absent on the last "
                + "page", example = "eyJmaW5nZXJwcmludCI6IjNxV...")
        String next,
        @Schema(description = "Only when nothing was found: words of a title that sound like the query (a homophone "
                + "typed with a pinyin input method, or pinyin and initials typed unconverted), to search for instead",
                example = "乡村振兴")
        String didYouMean,
        @Schema(description = "The sides a semantic or hybrid search had to answer without: 'semantic' when the query's "
                + "meaning could not be computed in time (the platform busy embedding a bulk load), so these are the keyword "
                + "results, without a next cursor; asking again a moment later usually gets both. Absent when nothing is missing",
                example = "[\"semantic\"]")
        List<String> degraded,
        @Schema(description = "In semantic and hybrid mode: documents of your collections that are searchable by words "
                + "but not yet by meaning (being embedded); absent when there are none", example = "1200")
        Long awaitingEmbedding) {

    @Schema(name = "SearchHit")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hit(
            @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
            @Schema(description = "The collection it belongs to", example = "default") String collection,
            @Schema(example = "关于推进乡村振兴工作的报告") String title,
            @Schema(description = "Keyword score in keyword mode, fused score (0 to 1) otherwise", example = "0.83") double score,
            @Schema(description = "The title, HTML-escaped, matches in <em>", example = "关于推进<em>乡村振兴</em>工作的报告")
            String titleHighlight,
            @Schema(description = "What the hit shows at first: about 120-160 characters of its best passage around "
                    + "the sentence that answers") Snippet snippet,
            @Schema(description = "Only with passages=true: the texts of the answering passages, HTML-escaped, matches in <em>",
                    example = "[\"我县坚持农业农村优先发展，全面推进<em>乡村振兴</em>。\"]")
            List<String> highlights,
            @Schema(description = "Only with passages=true: up to three passages of the document that answer the "
                    + "query, best first")
            List<Passage> passages,
            @Schema(example = "县政府办公室") String source,
            List<String> tags,
            @Schema(example = "张伟") String author,
            @Schema(example = "2023-01-17") String documentDate,
            @Schema(example = "application/vnd.openxmlformats-officedocument.wordprocessingml.document") String contentType,
            @Schema(example = "乡村振兴工作报告.docx") String fileName,
            Instant ingestedAt,
            @Schema(description = "Results of the same page whose texts nearly repeat this one's (the same report "
                    + "uploaded twice, a copy with a line changed), folded under it; absent when none or with fold=false")
            List<FoldedHit> folded,
            @Schema(description = "Only with explain=true: how the hit was ranked") Explanation explain) {
    }

    @Schema(name = "SearchSnippet")
    public record Snippet(
            @Schema(description = "HTML-escaped, keyword matches in <em>, the sentence that answers in <mark> when the "
                    + "passage was found by meaning; … where text is left out",
                    example = "…全县建成村级就业服务站126个，<mark>群众在手机上就能查看<em>岗位</em>信息。</mark>")
            String text,
            @Schema(description = "The passage's place in the document, from 0: where to open it", example = "3")
            int position,
            @Schema(description = "Headings above the passage, outermost first", example = "[\"二、主要做法\"]")
            List<String> headings) {
    }

    @Schema(name = "SearchFoldedHit", description = "A result folded under a better one whose text it nearly repeats")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FoldedHit(
            @Schema(example = "0b6e2d1f-8a41-3f55-b7f2-5d0f6c9e1a23") String id,
            @Schema(example = "关于推进乡村振兴工作的报告") String title,
            @Schema(example = "default") String collection,
            @Schema(example = "乡村振兴工作报告.pdf") String fileName,
            @Schema(example = "2023-01-17") String documentDate,
            @Schema(example = "0.79") double score) {
    }

    @Schema(name = "SearchSuggestions", description = "Completions of what is being typed, titles first")
    public record Suggestions(List<Suggestion> suggestions) {
    }

    @Schema(name = "SearchSuggestion")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Suggestion(
            @Schema(example = "关于推进乡村振兴工作的报告") String text,
            @Schema(description = "title: a document's title (id is that document); term: a tag or heading of some "
                    + "documents", enumeration = {"title", "term"}) String kind,
            @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id) {
    }

    @Schema(name = "SearchFacetCount", description = "A value of the field and how many of the results have it")
    public record FacetCount(@Schema(example = "试点") String value, @Schema(example = "3") long count) {
    }

    @Schema(name = "SearchPassage")
    public record Passage(
            @Schema(description = "Place in the document, from 0", example = "3") int position,
            @Schema(description = "Headings above the passage, outermost first", example = "[\"二、主要做法\", \"（一）完善工作机制\"]")
            List<String> headings,
            @Schema(description = "At most about 400 characters, HTML-escaped, keyword matches in <em>",
                    example = "全县建成村级就业服务站126个，群众在手机上就能查看<em>岗位</em>信息。")
            String text,
            @Schema(description = "Keyword score or cosine similarity of the passage", example = "0.71") double score) {
    }

    @Schema(name = "SearchExplanation", description = "Ranks are 1-based; a side that did not find the document is absent")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Explanation(
            @Schema(example = "2") Integer keywordRank,
            @Schema(example = "1012.4") Double keywordScore,
            @Schema(description = "Whether the document contains every free term of the query") Boolean allTermsMatched,
            @Schema(example = "1") Integer vectorRank,
            @Schema(description = "Cosine similarity of the document's best passage to the query", example = "0.68")
            Double vectorSimilarity,
            @Schema(description = "Weight of the keyword side for this query (0 to 1)", example = "0.5") double keywordWeight,
            @Schema(example = "0.92") double fusedScore) {
    }

    @Schema(name = "SearchExportLine", description = "One line of an export (application/x-ndjson): a result, in the "
            + "search's order")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportedHit(
            @Schema(example = "5f1c7a52-3c2e-3b8e-9d59-8f6f7f1b2a10") String id,
            @Schema(description = "Its place in the export, from 1", example = "1") int rank,
            @Schema(description = "Keyword score in keyword mode, fused score (0 to 1) otherwise", example = "0.83")
            double score,
            @Schema(example = "关于推进乡村振兴工作的报告") String title,
            @Schema(example = "default") String collection,
            @Schema(example = "县政府办公室") String source,
            List<String> tags,
            @Schema(example = "2023-01-17") String documentDate,
            @Schema(description = "The text of its best passage as a search shows it: HTML-escaped, keyword matches in <em>",
                    example = "我县坚持农业农村优先发展，全面推进<em>乡村振兴</em>。")
            String passage) {
    }
}
