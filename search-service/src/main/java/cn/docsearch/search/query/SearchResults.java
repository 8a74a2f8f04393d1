package cn.docsearch.search.query;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One page of results. In keyword mode {@code total} counts every matching document; in semantic mode the candidates
 * (the best {@link SearchPage#RANKED_WINDOW} by meaning above the similarity floor); in hybrid mode every keyword match
 * and the vector candidates fused with them. {@code facets}, when asked for, count the same results by field.
 * {@code next}, when more results follow, is the cursor of the page after this one; {@code page} is the number this
 * page would have at this size. {@code didYouMean}, when nothing was found, is what the query may have meant to say.
 * {@code degraded} names the sides a semantic or hybrid search had to answer without ({@code semantic}: the query's
 * vector was not ready in time, so these are the keyword side's results, without a cursor); absent when none.
 * {@code awaitingEmbedding}, in semantic and hybrid mode, counts the caller's documents searchable by words but not
 * yet by meaning (the embedding stage's backlog); absent when there are none.
 */
public record SearchResults(String mode, long total, int page, int size, long tookMs, List<SearchHit> hits,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<FacetCount>> facets,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String next,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String didYouMean,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> degraded,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Long awaitingEmbedding) {
    public SearchResults withDidYouMean(String words) {
        return new SearchResults(mode, total, page, size, tookMs, hits, facets, next, words, degraded, awaitingEmbedding);
    }

    /** These results, saying how many documents of the caller's collections are not searchable by meaning yet. */
    public SearchResults withAwaitingEmbedding(long documents) {
        return new SearchResults(mode, total, page, size, tookMs, hits, facets, next, didYouMean, degraded,
                documents > 0 ? documents : null);
    }

    /** These results, answered without the sides named, and without a cursor (the next page may have them). */
    public SearchResults degraded(List<String> sides) {
        return new SearchResults(mode, total, page, size, tookMs, hits, facets, null, didYouMean, List.copyOf(sides),
                awaitingEmbedding);
    }
}
