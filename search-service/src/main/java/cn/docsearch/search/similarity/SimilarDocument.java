package cn.docsearch.search.similarity;

/** Another document close in meaning: cosine similarity of its nearest passage to the document's centroid. */
public record SimilarDocument(String id, String title, double similarity) {
}
