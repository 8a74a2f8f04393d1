package cn.docsearch.search.rest;

/** A paragraph to look for among stored passages. */
public record SimilarPassagesRequest(String text, Integer size) {
}
