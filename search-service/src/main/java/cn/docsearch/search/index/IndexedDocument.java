package cn.docsearch.search.index;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A document as stored in Elasticsearch (mapping: resources/elasticsearch/documents-index.json), written once per
 * version by the indexing stage; its passages' vectors are kept apart ({@link IndexedVectors}). Its passages are nested
 * inside it, so a new version or a delete replaces or removes their text with the document in one write.
 * {@code textFingerprint} tells near-identical texts
 * ({@link TextFingerprint}); {@code titleSuggest} and {@code termSuggest} are what suggestions match it by.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexedDocument(String id, String collection, String title, List<String> headings, String body, String source,
                              List<String> tags, String author, String documentDate, String fileName, String clientId,
                              String contentType, String contentHash, Integer charCount, Integer pageCount,
                              Integer version, Instant ingestedAt, Instant indexedAt, List<IndexedPassage> passages,
                              Integer passageCount, Long textFingerprint,
                              CompletionInput titleSuggest, CompletionInput termSuggest) {
    /** The field its passages are nested in. */
    public static final String PASSAGES = "passages";
}
