package cn.docsearch.search.service;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Whether a document is keyword-searchable ({@code indexed}), also searchable by meaning ({@code embedded}: its
 * passage vectors are in), or its latest event could not be indexed ({@code failed}, with why); {@code version} is
 * the document version that outcome is for, when known. {@code failedStage} says which stage failed: {@code indexing}
 * (not searchable in that version) or {@code embedding} (keyword-searchable, not by meaning).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexingStatus(String id, String status, Integer version, Instant indexedAt, Instant embeddedAt,
                             String reason, Instant failedAt, String failedStage) {
    public static final String INDEXED = "indexed";
    public static final String EMBEDDED = "embedded";
    public static final String FAILED = "failed";
}
