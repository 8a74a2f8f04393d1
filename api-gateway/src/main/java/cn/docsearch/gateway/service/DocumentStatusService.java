package cn.docsearch.gateway.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.gateway.api.DocumentStatus;
import cn.docsearch.gateway.auth.Caller;
import cn.docsearch.gateway.client.IngestService;
import cn.docsearch.gateway.client.SearchService;

/** Where a document is, from what ingest-service accepted and what search-service did with it. */
@ApplicationScoped
public class DocumentStatusService {
    private final IngestService ingest;
    private final SearchService search;

    public DocumentStatusService(IngestService ingest, SearchService search) {
        this.ingest = ingest;
        this.search = search;
    }

    /** Not found (ingest-service's 404) when the caller's collections have no such document. */
    public DocumentStatus status(Caller who, String id) {
        DocumentStatus.Accepted accepted = ingest.accepted(who, id);
        return merge(id, accepted, search.indexingStatus(who, id));
    }

    static DocumentStatus merge(String id, DocumentStatus.Accepted accepted, Optional<DocumentStatus.Indexing> found) {
        if (found.isEmpty()) {
            return pending(id, accepted);
        }
        DocumentStatus.Indexing indexing = found.get();
        // an outcome for an older version than the one accepted means the newer one is still on its way
        if (indexing.version() != null && indexing.version() < accepted.version()) {
            return pending(id, accepted);
        }
        return "failed".equals(indexing.status())
                ? new DocumentStatus(id, "failed", accepted.version(), indexing.indexedAt(), null, indexing.reason(),
                        indexing.failedAt(), indexing.failedStage(), null)
                : new DocumentStatus(id, indexing.status(), accepted.version(), indexing.indexedAt(), indexing.embeddedAt(),
                        null, null, null, indexing.embeddingQueue());
    }

    private static DocumentStatus pending(String id, DocumentStatus.Accepted accepted) {
        return new DocumentStatus(id, "pending", accepted.version(), null, null, null, null, null, null);
    }
}
