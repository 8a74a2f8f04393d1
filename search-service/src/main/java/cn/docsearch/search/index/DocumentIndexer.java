package cn.docsearch.search.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;

/**
 * Writes a batch with one bulk request and sorts what came back: written, rejected for good (the
 * document itself is wrong), or failed for a reason a retry can cure (node busy or unreachable).
 */
@ApplicationScoped
public class DocumentIndexer {
    private final ElasticsearchClient client;
    private final IndexManager indexManager;

    public DocumentIndexer(ElasticsearchClient client, IndexManager indexManager) {
        this.client = client;
        this.indexManager = indexManager;
    }

    /** A write Elasticsearch refused for a reason retrying cannot change. */
    public record Rejection(IndexOperation operation, String reason) {
    }

    /**
     * @return the rejected operations; every other operation is durably written (or superseded by a newer version)
     * @throws TransientIndexingException when any item, or the request itself, may succeed if retried
     */
    public List<Rejection> write(List<IndexOperation> operations) throws TransientIndexingException {
        if (operations.isEmpty()) {
            return List.of();
        }
        BulkResponse response;
        try {
            indexManager.ensureIndex();
            String alias = indexManager.alias();
            response = client.bulk(b -> {
                for (IndexOperation operation : operations) {
                    b.operations(op -> toBulk(op, alias, operation));
                }
                return b;
            });
        } catch (IOException e) {
            throw new TransientIndexingException("Elasticsearch unreachable: " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            throw new TransientIndexingException("Bulk request failed: " + e.getMessage(), e);
        }
        List<Rejection> rejections = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            ErrorCause error = item.error();
            if (error == null || item.status() == 409) {
                continue; // written, or a newer version is already there (a replay)
            }
            if (item.status() == 429 || item.status() >= 500) {
                throw new TransientIndexingException("Elasticsearch answered " + item.status() + " for " + item.id()
                        + ": " + error.reason(), null);
            }
            rejections.add(new Rejection(operations.get(i), error.type() + ": " + error.reason()));
        }
        return rejections;
    }

    private static co.elastic.clients.util.ObjectBuilder<BulkOperation> toBulk(BulkOperation.Builder op, String alias,
                                                                               IndexOperation operation) {
        if (operation.isDelete()) {
            return op.delete(d -> d.index(alias).id(operation.id())
                    .version(operation.version()).versionType(VersionType.External));
        }
        return op.index(i -> i.index(alias).id(operation.id()).document(operation.document())
                .version(operation.version()).versionType(VersionType.External));
    }
}
