package cn.docsearch.search.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A document as stored in Elasticsearch (mapping: resources/elasticsearch/documents-index.json). Its passages are
 * nested inside it, so a new version or a delete replaces or removes them with the document in one write: no
 * passage of an old version or of a deleted document can outlive it. {@code textFingerprint} tells near-identical texts
 * ({@link TextFingerprint}); {@code titleSuggest} and {@code termSuggest} are what suggestions match it by.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexedDocument(String id, String collection, String title, List<String> headings, String body, String source,
                              List<String> tags, String author, String documentDate, String fileName, String clientId,
                              String contentType, String contentHash, Integer charCount, Integer pageCount,
                              Integer version, Instant ingestedAt, Instant indexedAt, List<IndexedPassage> passages,
                              Integer passageCount, Instant embeddedAt, Long textFingerprint,
                              CompletionInput titleSuggest, CompletionInput termSuggest) {
    /** The field its passages are nested in. */
    public static final String PASSAGES = "passages";

    /**
     * The same document with a vector on each passage (in passage order); indexedAt stays when the version first
     * became searchable.
     */
    public IndexedDocument withVectors(List<float[]> vectors, Instant indexedAt, Instant embeddedAt) {
        if (vectors.size() != passages.size()) {
            throw new IllegalArgumentException(vectors.size() + " vectors for " + passages.size() + " passages");
        }
        List<IndexedPassage> embedded = new ArrayList<>(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            embedded.add(passages.get(i).withVector(vectors.get(i)));
        }
        return new IndexedDocument(id, collection, title, headings, body, source, tags, author, documentDate, fileName, clientId,
                contentType, contentHash, charCount, pageCount, version, ingestedAt, indexedAt, List.copyOf(embedded),
                passageCount, embeddedAt, textFingerprint, titleSuggest, termSuggest);
    }
}
