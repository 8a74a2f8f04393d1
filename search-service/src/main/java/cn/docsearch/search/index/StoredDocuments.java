package cn.docsearch.search.index;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;

/**
 * What an index holds of documents the embedding stage is about to embed or write: their versions, and the passage
 * vectors the live index has for them. Reads of the write client (the stage does not wait on a search timeout); a
 * failure to read is transient, so the stage retries its batch.
 */
@ApplicationScoped
public class StoredDocuments {
    private final ElasticsearchClient client;
    private final IndexManager indexManager;

    public StoredDocuments(ElasticsearchClient client, IndexManager indexManager) {
        this.client = client;
        this.indexManager = indexManager;
    }

    /** What an index holds of a document: its external version and when that version became searchable, and embedded. */
    public record Version(long version, Instant indexedAt, Instant embeddedAt) {
    }

    /** Source fields read back to check a document. */
    private record Times(Instant indexedAt, Instant embeddedAt) {
    }

    /** The passages an index holds for a document, read back to reuse their vectors. */
    private record Passages(List<IndexedPassage> passages) {
    }

    /**
     * The versions an index holds of these documents, by id (absent ones left out), read in realtime or from the last
     * refresh.
     */
    public Map<String, Version> versions(String index, Collection<String> ids, boolean realtime)
            throws TransientIndexingException {
        Map<String, Version> versions = new HashMap<>();
        if (ids.isEmpty()) {
            return versions;
        }
        try {
            MgetResponse<Times> response = client.mget(m -> m.index(index).ids(List.copyOf(ids))
                    .realtime(realtime).sourceIncludes("indexedAt", "embeddedAt"), Times.class);
            for (MultiGetResponseItem<Times> item : response.docs()) {
                if (item.isResult() && item.result().found() && item.result().version() != null) {
                    Times source = item.result().source();
                    versions.put(item.result().id(), new Version(item.result().version(),
                            source == null ? null : source.indexedAt(), source == null ? null : source.embeddedAt()));
                }
            }
            return versions;
        } catch (IOException | ElasticsearchException e) {
            throw new TransientIndexingException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /** The passages (texts and vectors) the live index holds for these documents, by id (absent ones left out). */
    public Map<String, List<IndexedPassage>> livePassages(Collection<String> ids) throws TransientIndexingException {
        Map<String, List<IndexedPassage>> passages = new HashMap<>();
        if (ids.isEmpty()) {
            return passages;
        }
        try {
            MgetResponse<Passages> response = client.mget(m -> m.index(indexManager.alias()).ids(List.copyOf(ids))
                    .sourceIncludes("passages.text", "passages.vector"), Passages.class);
            for (MultiGetResponseItem<Passages> item : response.docs()) {
                if (item.isResult() && item.result().found() && item.result().source() != null
                        && item.result().source().passages() != null) {
                    passages.put(item.result().id(), item.result().source().passages());
                }
            }
            return passages;
        } catch (IOException | ElasticsearchException e) {
            throw new TransientIndexingException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }
}
