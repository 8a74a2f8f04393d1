package cn.docsearch.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import cn.docsearch.gateway.api.DocumentStatus;

class DocumentStatusServiceTest {
    private static final Instant INDEXED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant EMBEDDED = Instant.parse("2026-12-01T10:00:05Z");
    private final DocumentStatus.Accepted versionTwo = new DocumentStatus.Accepted("doc", 2);

    @Test
    void acceptedAndNotIndexedIsPending() {
        assertThat(DocumentStatusService.merge("doc", versionTwo, Optional.empty()))
                .isEqualTo(new DocumentStatus("doc", "pending", 2, null, null, null, null, null, null));
    }

    @Test
    void anOutcomeOfAnOlderVersionIsPendingForTheNewOne() {
        DocumentStatus.Indexing versionOne = new DocumentStatus.Indexing("embedded", 1, INDEXED, EMBEDDED, null, null, null, null);
        assertThat(DocumentStatusService.merge("doc", versionTwo, Optional.of(versionOne)))
                .isEqualTo(new DocumentStatus("doc", "pending", 2, null, null, null, null, null, null));
    }

    @Test
    void indexedAndEmbeddedCarryTheirTimes() {
        DocumentStatus.Indexing embedded = new DocumentStatus.Indexing("embedded", 2, INDEXED, EMBEDDED, null, null, null, null);
        assertThat(DocumentStatusService.merge("doc", versionTwo, Optional.of(embedded)))
                .isEqualTo(new DocumentStatus("doc", "embedded", 2, INDEXED, EMBEDDED, null, null, null, null));
    }

    @Test
    void anIndexedDocumentCarriesItsPlaceInTheEmbeddingQueue() {
        DocumentStatus.EmbeddingQueue queue = new DocumentStatus.EmbeddingQueue(420, 95L);
        DocumentStatus.Indexing indexed = new DocumentStatus.Indexing("indexed", 2, INDEXED, null, null, null, null, queue);
        assertThat(DocumentStatusService.merge("doc", versionTwo, Optional.of(indexed)).embeddingQueue()).isEqualTo(queue);
    }

    @Test
    void aFailureCarriesItsReasonAndStageAndNoEmbeddingTime() {
        Instant failedAt = Instant.parse("2026-12-01T10:00:09Z");
        DocumentStatus.Indexing failed = new DocumentStatus.Indexing("failed", null, INDEXED, EMBEDDED, "too long", failedAt,
                "embedding", null);
        assertThat(DocumentStatusService.merge("doc", versionTwo, Optional.of(failed)))
                .isEqualTo(new DocumentStatus("doc", "failed", 2, INDEXED, null, "too long", failedAt, "embedding", null));
    }
}
