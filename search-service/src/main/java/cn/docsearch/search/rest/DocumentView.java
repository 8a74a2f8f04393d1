package cn.docsearch.search.rest;

import java.time.Instant;
import java.util.List;

import cn.docsearch.search.index.IndexedDocument;

/** A stored document as this service's API shows it. */
public record DocumentView(String id, String title, String body, String source, List<String> tags, String clientId,
                           String contentType, String contentHash, Integer charCount, Instant ingestedAt,
                           Instant indexedAt) {

    static DocumentView of(IndexedDocument document) {
        return new DocumentView(document.id(), document.title(), document.body(), document.source(), document.tags(),
                document.clientId(), document.contentType(), document.contentHash(), document.charCount(),
                document.ingestedAt(), document.indexedAt());
    }
}
