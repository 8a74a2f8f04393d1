package cn.docsearch.ingest.rest;

import java.util.List;

import cn.docsearch.ingest.upload.SubmissionMetadata;

/** JSON body of POST /documents. */
public record DocumentSubmission(String title, String content, String source, List<String> tags, String clientId,
                                 String collection) {

    SubmissionMetadata metadata() {
        return new SubmissionMetadata(title, source, tags, clientId, collection);
    }
}
