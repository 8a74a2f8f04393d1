package cn.docsearch.ingest.service;

import java.util.List;

/** A document as submitted, before it has an id: what every upload form is turned into. */
public record NewDocument(String title, String content, String source, List<String> tags, String clientId,
                          String contentType) {
}
