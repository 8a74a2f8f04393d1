package cn.docsearch.search.index;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.metrics.SearchMetrics;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;

/**
 * Writes a batch with one bulk request and sorts what came back: written, rejected for good (the
 * document itself is wrong), or failed for a reason a retry can cure (node busy or unreachable).
 */
@ApplicationScoped
public class DocumentIndexer {
    private final ElasticsearchClient client;
    private final IndexManager indexManager;

    /** How the reason of a document Elasticsearch refused starts (the other failures are unreadable events). */
    public static final String REJECTED_BY_ELASTICSEARCH = "rejected by Elasticsearch: ";

    private final SearchMetrics metrics;

    public DocumentIndexer(ElasticsearchClient client, IndexManager indexManager, SearchMetrics metrics) {
        this.metrics = metrics;
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
    public List<Rejection> write(IndexTarget target, List<IndexOperation> operations) throws TransientIndexingException {
        if (operations.isEmpty()) {
            return List.of();
        }
        List<BulkOperation> bulk = new ArrayList<>();
        List<IndexOperation> owners = new ArrayList<>();
        Set<String> failed = target.live() ? recordedFailures(operations) : Set.of();
        for (IndexOperation operation : operations) {
            bulk.add(writeOf(target, operation));
            owners.add(operation);
            if (failed.contains(operation.id()) && !operation.isVectors()) {
                // a document that now indexes (or is deleted) no longer has a failure to report
                bulk.add(BulkOperation.of(op -> op.delete(d -> d.index(indexManager.failuresIndex()).id(operation.id()))));
                owners.add(null);
            }
        }
        List<Rejection> rejections = new ArrayList<>();
        long started = System.nanoTime();
        List<BulkResponseItem> items = execute(bulk);
        metrics.bulk(Duration.ofNanos(System.nanoTime() - started), bulk.size());
        for (int i = 0; i < items.size(); i++) {
            String reason = classify(items.get(i));
            if (reason != null && owners.get(i) != null) {
                rejections.add(new Rejection(owners.get(i), reason));
            }
        }
        deleteReplacedVectors(target, operations, rejections);
        return rejections;
    }

    /**
     * An older version's vectors go once the version replacing them is written (or a newer one is there already): a
     * version Elasticsearch refuses leaves the one before it searchable by meaning as well as by words. A failure here
     * fails the batch, which is written again (its writes then answer 409) and so sends these deletes again.
     */
    private void deleteReplacedVectors(IndexTarget target, List<IndexOperation> operations, List<Rejection> rejections)
            throws TransientIndexingException {
        Set<IndexOperation> rejected = new HashSet<>();
        rejections.forEach(rejection -> rejected.add(rejection.operation()));
        List<BulkOperation> deletes = operations.stream().filter(operation -> !rejected.contains(operation))
                .flatMap(operation -> vectorsDeleteOf(target, operation).stream()).toList();
        if (!deletes.isEmpty()) {
            for (BulkResponseItem item : execute(deletes)) {
                // only a transient failure matters (it throws): there is nothing to refuse in a delete
                classify(item);
            }
        }
    }

    /**
     * Which of these documents have a failure on record (a realtime read): only those get a delete of it, since a
     * delete of a missing id still costs Elasticsearch a write (a tombstone), doubling the work of a bulk load.
     */
    private Set<String> recordedFailures(List<IndexOperation> operations) throws TransientIndexingException {
        List<String> ids = operations.stream().filter(operation -> !operation.isVectors()).map(IndexOperation::id)
                .distinct().toList();
        if (ids.isEmpty()) {
            return Set.of();
        }
        try {
            Set<String> found = new HashSet<>();
            for (MultiGetResponseItem<Void> item : client.mget(m -> m.index(indexManager.failuresIndex()).ids(ids)
                    .source(source -> source.fetch(false)), Void.class).docs()) {
                if (item.isResult() && item.result().found()) {
                    found.add(item.result().id());
                }
            }
            return found;
        } catch (IOException e) {
            throw new TransientIndexingException("Elasticsearch unreachable: " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            throw new TransientIndexingException("Reading recorded failures failed: " + e.getMessage(), e);
        }
    }

    /** Keeps why these documents could not be indexed, for the status API. */
    public void recordFailures(List<IndexingFailure> failures) throws TransientIndexingException {
        failures.forEach(failure -> metrics.indexingFailure(failure.reason().startsWith(REJECTED_BY_ELASTICSEARCH)
                ? SearchMetrics.REJECTED : SearchMetrics.MALFORMED));
        if (failures.isEmpty()) {
            return;
        }
        List<BulkOperation> bulk = failures.stream().map(failure -> BulkOperation.of(op -> op.index(i -> i
                .index(indexManager.failuresIndex()).id(failure.id()).document(failure)))).toList();
        for (BulkResponseItem item : execute(bulk)) {
            String reason = classify(item);
            if (reason != null) {
                throw new TransientIndexingException("Could not record an indexing failure: " + reason, null);
            }
        }
    }

    private List<BulkResponseItem> execute(List<BulkOperation> operations) throws TransientIndexingException {
        try {
            BulkResponse response = client.bulk(b -> b.operations(operations));
            return response.items();
        } catch (IOException e) {
            throw new TransientIndexingException("Elasticsearch unreachable: " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            throw new TransientIndexingException("Bulk request failed: " + e.getMessage(), e);
        }
    }

    /**
     * @return null when the item is written (or a newer version already is, or there was nothing to delete),
     *         the reason when Elasticsearch refused it for good
     * @throws TransientIndexingException when a retry may succeed
     */
    static String classify(BulkResponseItem item) throws TransientIndexingException {
        ErrorCause error = item.error();
        if (error == null || item.status() == 409) {
            return null;
        }
        if (item.status() == 429 || item.status() >= 500) {
            throw new TransientIndexingException("Elasticsearch answered " + item.status() + " for " + item.id()
                    + ": " + error.reason(), null);
        }
        return error.type() + ": " + error.reason();
    }

    /** An operation's own write: a document or its delete in the documents index, or vectors in the vectors index. */
    static BulkOperation writeOf(IndexTarget target, IndexOperation operation) {
        if (operation.isVectors()) {
            // the same version as the document's: written over a delete of older vectors at that version, never
            // over a newer version's delete
            return BulkOperation.of(op -> op.index(i -> i.index(target.vectorsIndex()).id(operation.id())
                    .document(operation.vectors()).version(operation.version()).versionType(VersionType.ExternalGte)));
        }
        return operation.isDelete()
                ? BulkOperation.of(op -> op.delete(d -> d.index(target.index()).id(operation.id())
                        .version(operation.version()).versionType(VersionType.External)))
                : BulkOperation.of(op -> op.index(i -> i.index(target.index()).id(operation.id())
                        .document(operation.document()).version(operation.version()).versionType(VersionType.External)));
    }

    /**
     * For a document's new version or delete, the delete of any older version's vectors (a no-op when vectors of this
     * very version were written first). A first version sends none: there can be nothing to delete, and a delete of
     * a missing id still costs Elasticsearch a write.
     */
    static Optional<BulkOperation> vectorsDeleteOf(IndexTarget target, IndexOperation operation) {
        if (operation.isVectors() || !operation.mayReplaceVectors()) {
            return Optional.empty();
        }
        return Optional.of(BulkOperation.of(op -> op.delete(d -> d.index(target.vectorsIndex()).id(operation.id())
                .version(operation.version()).versionType(VersionType.External))));
    }
}
