package cn.docsearch.search.service;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Whether a document is in the index ({@code indexed}, with its version) or could not be ({@code failed}, with why). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexingStatus(String id, String status, Integer version, Instant indexedAt, String reason, Instant failedAt) {
    public static final String INDEXED = "indexed";
    public static final String FAILED = "failed";
}
