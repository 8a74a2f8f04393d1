package cn.docsearch.ingest.parse;

import java.util.List;

/** What a file turned into: text with structure, and the metadata the file carried. */
public record ParsedDocument(String title, String body, List<Section> sections, String author, String documentDate,
                             String detectedType, String encoding, Integer pageCount) {
}
