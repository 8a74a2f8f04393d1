package cn.docsearch.search.index;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A document as stored in Elasticsearch (mapping: resources/elasticsearch/documents-index.json). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexedDocument(String id, String title, List<String> headings, String body, String source,
                              List<String> tags, String author, String documentDate, String fileName, String clientId,
                              String contentType, String contentHash, Integer charCount, Integer pageCount,
                              Integer version, Instant ingestedAt, Instant indexedAt) {
}
