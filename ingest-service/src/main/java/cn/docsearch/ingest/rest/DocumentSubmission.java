package cn.docsearch.ingest.rest;

import java.util.List;

/** JSON body of POST /documents. */
public record DocumentSubmission(String title, String content, String source, List<String> tags, String clientId) {
}
