package cn.docsearch.ingest.rest;

import cn.docsearch.ingest.document.IngestOutcome;

/**
 * Answer for one document: {@code accepted} (Kafka has it; indexing follows) or {@code duplicate}
 * (the same content is already document {@code id}; nothing new was stored).
 */
public record DocumentReceipt(String id, String status, String title, String contentHash, int version, int charCount) {

    static DocumentReceipt of(IngestOutcome outcome) {
        return new DocumentReceipt(outcome.id(), outcome.status(), outcome.title(), outcome.contentHash(),
                outcome.version(), outcome.charCount());
    }
}
