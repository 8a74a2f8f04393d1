package cn.docsearch.search.index;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.MgetRequest;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetOperation;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.util.ObjectBuilder;

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

    /**
     * What an index holds of a document: its external version, when that version became searchable (null where it
     * was not read), and whether the vectors index holds vectors of that very version.
     */
    public record Version(long version, Instant indexedAt, boolean embedded) {
    }

    /** The one source field read back from the documents index. */
    private record Indexed(Instant indexedAt) {
    }

    /**
     * Whether these documents need embedding: the versions an index holds of them, by id (absent ones left out),
     * read in realtime or from the last refresh, each embedded when its vectors index holds vectors of that very
     * version. No source is read (indexedAt null): even one field of it has Elasticsearch parse the whole document,
     * text and passages.
     */
    public Map<String, Version> versions(IndexTarget target, Collection<String> ids, boolean realtime)
            throws TransientIndexingException {
        Map<String, Version> versions = new HashMap<>();
        if (ids.isEmpty()) {
            return versions;
        }
        // one request for both indexes, as each request costs Elasticsearch's HTTP layer CPU of its own: the documents
        // first, then their vectors (a vectors document always has vectors of its version), answered in that order
        List<String> idList = List.copyOf(ids);
        List<MultiGetOperation> docs = new ArrayList<>();
        for (String index : List.of(target.index(), target.vectorsIndex())) {
            idList.forEach(id -> docs.add(MultiGetOperation.of(d -> d.index(index).id(id))));
        }
        Map<String, Long> documentVersions = new HashMap<>();
        Map<String, Long> vectorVersions = new HashMap<>();
        List<MultiGetResponseItem<Void>> items = mget(m -> m.docs(docs).realtime(realtime)
                .source(source -> source.fetch(false)), Void.class);
        for (int i = 0; i < items.size(); i++) {
            if (found(items.get(i))) {
                (i < idList.size() ? documentVersions : vectorVersions).put(items.get(i).result().id(),
                        items.get(i).result().version());
            }
        }
        documentVersions.forEach((id, version) -> versions.put(id,
                new Version(version, null, version.equals(vectorVersions.get(id)))));
        return versions;
    }

    /**
     * The versions the documents index holds of these documents, with when each became searchable by words (which the
     * vectors written for it carry), the vectors index not read: none embedded.
     */
    public Map<String, Version> indexedVersions(IndexTarget target, Collection<String> ids, boolean realtime)
            throws TransientIndexingException {
        Map<String, Version> versions = new HashMap<>();
        if (ids.isEmpty()) {
            return versions;
        }
        for (MultiGetResponseItem<Indexed> item : mget(m -> m.index(target.index()).ids(List.copyOf(ids)).realtime(realtime)
                .sourceIncludes("indexedAt"), Indexed.class)) {
            if (found(item)) {
                Indexed source = item.result().source();
                versions.put(item.result().id(), new Version(item.result().version(),
                        source == null ? null : source.indexedAt(), false));
            }
        }
        return versions;
    }

    private static boolean found(MultiGetResponseItem<?> item) {
        return item.isResult() && item.result().found() && item.result().version() != null;
    }

    /** A multi-get whose failure is transient: the stage retries its batch. */
    private <T> List<MultiGetResponseItem<T>> mget(Function<MgetRequest.Builder, ObjectBuilder<MgetRequest>> request,
                                                   Class<T> type) throws TransientIndexingException {
        try {
            return client.mget(request, type).docs();
        } catch (IOException | ElasticsearchException e) {
            throw new TransientIndexingException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * The passage vectors the live index holds for these documents, by id and in passage order, with the texts they
     * were computed from (absent ones and those without vectors of their current version left out).
     */
    public Map<String, List<LivePassage>> livePassages(Collection<String> ids) throws TransientIndexingException {
        Map<String, List<LivePassage>> passages = new HashMap<>();
        if (ids.isEmpty()) {
            return passages;
        }
        try {
            MgetResponse<Passages> texts = client.mget(m -> m.index(indexManager.alias()).ids(List.copyOf(ids))
                    .sourceIncludes("passages.position", "passages.text"), Passages.class);
            MgetResponse<IndexedVectors> vectors = client.mget(m -> m.index(indexManager.vectorsAlias())
                    .ids(List.copyOf(ids)).sourceIncludes(IndexedDocument.PASSAGES), IndexedVectors.class);
            Map<String, MultiGetResponseItem<IndexedVectors>> vectorsById = new HashMap<>();
            vectors.docs().stream().filter(MultiGetResponseItem::isResult)
                    .forEach(item -> vectorsById.put(item.result().id(), item));
            for (MultiGetResponseItem<Passages> item : texts.docs()) {
                MultiGetResponseItem<IndexedVectors> embedded = item.isResult() ? vectorsById.get(item.result().id()) : null;
                if (embedded == null || !item.result().found() || !embedded.result().found()
                        || !Objects.equals(item.result().version(), embedded.result().version())
                        || item.result().source() == null || item.result().source().passages() == null
                        || embedded.result().source() == null || embedded.result().source().passages() == null) {
                    continue;
                }
                Map<Integer, float[]> byPosition = new HashMap<>();
                embedded.result().source().passages().forEach(p -> byPosition.put(p.position(), p.vector()));
                passages.put(item.result().id(), item.result().source().passages().stream()
                        .map(p -> new LivePassage(p.text(), byPosition.get(p.position()))).toList());
            }
            return passages;
        } catch (IOException | ElasticsearchException e) {
            throw new TransientIndexingException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /** A passage's text and vector as the live index holds them (the vector null when it has none). */
    public record LivePassage(String text, float[] vector) {
    }

    /** The passages' texts an index holds for a document, read back to tell whether its vectors can be reused. */
    private record Passages(List<IndexedPassage> passages) {
    }
}
