package cn.docsearch.search.rest;

import java.time.Instant;
import java.util.List;

import cn.docsearch.search.index.IndexedDocument;
import cn.docsearch.search.index.SearchIndex;

/** A stored document as this service's API shows it. */
public record DocumentView(String id, String collection, String title, List<String> headings, String body, String source, List<String> tags,
                           String author, String documentDate, String fileName, String clientId, String contentType,
                           String contentHash, Integer charCount, Integer pageCount, Integer version,
                           Integer passageCount, Instant ingestedAt, Instant indexedAt, Instant embeddedAt) {

    static DocumentView of(SearchIndex.Indexed indexed) {
        IndexedDocument d = indexed.document();
        return new DocumentView(d.id(), d.collection(), d.title(), d.headings(), d.body(), d.source(), d.tags(), d.author(),
                d.documentDate(), d.fileName(), d.clientId(), d.contentType(), d.contentHash(), d.charCount(),
                d.pageCount(), d.version(), d.passageCount(), d.ingestedAt(), d.indexedAt(), indexed.embeddedAt());
    }
}
