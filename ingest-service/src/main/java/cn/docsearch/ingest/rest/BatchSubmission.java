package cn.docsearch.ingest.rest;

import java.util.List;

/** JSON body of POST /documents/batch. */
public record BatchSubmission(List<DocumentSubmission> documents) {
}
