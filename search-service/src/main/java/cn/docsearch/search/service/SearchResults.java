package cn.docsearch.search.service;

import java.util.List;

public record SearchResults(long total, int page, int size, long tookMs, List<SearchHit> hits) {
}
