package cn.docsearch.search.query;

import java.util.List;

/**
 * One page of results. In keyword mode {@code total} counts every matching document; in semantic and hybrid mode
 * results come from the best {@link SearchPage#RANKED_WINDOW} candidates, and {@code total} is the larger of the
 * keyword count and the number of candidates.
 */
public record SearchResults(String mode, long total, int page, int size, long tookMs, List<SearchHit> hits) {
}
