package cn.docsearch.search.index;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.OpenPointInTimeResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.analyze.AnalyzeToken;

/**
 * Every read a caller waits on (searches, documents, statuses, analyses, statistics), through the {@value
 * ElasticsearchClientProducer#QUERIES} clients, which give up after {@code search.elasticsearch.query-timeout}. Callers
 * build their requests; the requests go out here. Each blocking read makes sure the live index exists first (cheap
 * after the first time), since a fresh installation may be searched before it has indexed anything.
 */
@ApplicationScoped
public class SearchIndex {
    private final ElasticsearchClient client;
    private final ElasticsearchAsyncClient asyncClient;
    private final IndexManager indexManager;

    public SearchIndex(@Identifier(ElasticsearchClientProducer.QUERIES) ElasticsearchClient client,
                       @Identifier(ElasticsearchClientProducer.QUERIES) ElasticsearchAsyncClient asyncClient,
                       IndexManager indexManager) {
        this.client = client;
        this.asyncClient = asyncClient;
        this.indexManager = indexManager;
    }

    /**
     * A document as the index holds it, with the external version it was written with and when the vectors of that
     * version were written (null while they are not).
     */
    public record Indexed(IndexedDocument document, Long version, Instant embeddedAt) {
    }

    /** The vectors-index fields read back to tell whether a document is embedded. */
    private record Embedded(Instant embeddedAt) {
    }

    /** What searches read: the live index. */
    public String alias() {
        return indexManager.alias();
    }

    /** What searches by meaning read: the live index's passage vectors. */
    public String vectorsAlias() {
        return indexManager.vectorsAlias();
    }

    /** Where indexing failures are kept. */
    public String failuresIndex() {
        return indexManager.failuresIndex();
    }

    /** Whether the live index is known to exist, so that a search needs no blocking request to check. */
    public boolean isReady() {
        return indexManager.isReady();
    }

    /** Blocks the first time only; see {@link IndexManager#ensureIndex()}. */
    public void ensureIndex() throws IOException {
        indexManager.ensureIndex();
    }

    /**
     * Answered on the calling event loop without blocking it (the request goes out and comes back on that loop); the
     * caller makes sure the index exists ({@link #isReady()}).
     */
    public CompletableFuture<SearchResponse<IndexedDocument>> searchAsync(SearchRequest request) {
        return asyncClient.search(request, IndexedDocument.class);
    }

    /**
     * Opens a point in time on the live index: a view of it as it is now, which searches naming it read however the
     * index changes, for as long as it is kept alive. Answered on the calling event loop like {@link #searchAsync}.
     *
     * @param keepAlive how long it lives without a search naming it (Elasticsearch's time units: 5m)
     * @return its id
     */
    public CompletableFuture<String> openPointInTimeAsync(String keepAlive) {
        return asyncClient.openPointInTime(o -> o.index(alias()).keepAlive(t -> t.time(keepAlive)))
                .thenApply(OpenPointInTimeResponse::id);
    }

    /**
     * Releases a point in time once its walk is over. Nothing waits for it: one that could not be closed lives out
     * its keep-alive.
     */
    public void closePointInTimeAsync(String id) {
        asyncClient.closePointInTime(c -> c.id(id));
    }

    public SearchResponse<IndexedDocument> search(SearchRequest request) throws IOException {
        return search(request, IndexedDocument.class);
    }

    public <T> SearchResponse<T> search(SearchRequest request, Class<T> type) throws IOException {
        indexManager.ensureIndex();
        return client.search(request, type);
    }

    /** Several searches of an index in one request, their hits in the order of the searches. */
    public List<List<Hit<IndexedDocument>>> searchEach(String index, List<MultisearchBody> searches) throws IOException {
        indexManager.ensureIndex();
        MsearchResponse<IndexedDocument> response = client.msearch(m -> {
            searches.forEach(search -> m.searches(s -> s.header(h -> h.index(index)).body(search)));
            return m;
        }, IndexedDocument.class);
        List<List<Hit<IndexedDocument>>> results = new ArrayList<>();
        for (MultiSearchResponseItem<IndexedDocument> item : response.responses()) {
            if (item.isFailure()) {
                throw new IOException("Elasticsearch could not search: " + item.failure().error().reason());
            }
            results.add(item.result().hits().hits());
        }
        return results;
    }

    /**
     * The document as the API shows it, without its passages, if it exists and the scope admits its collection.
     */
    public Optional<Indexed> document(String id, CollectionScope scope) throws IOException {
        return indexed(id, List.of(IndexedDocument.PASSAGES)).filter(d -> scope.admits(d.document().collection()));
    }

    /**
     * The document without the given source fields, with its version and whether that version's vectors are written,
     * whatever its collection; empty when absent.
     */
    public Optional<Indexed> indexed(String id, List<String> excludes) throws IOException {
        indexManager.ensureIndex();
        GetResponse<IndexedDocument> response = client.get(g -> g.index(alias()).id(id).sourceExcludes(excludes),
                IndexedDocument.class);
        if (!response.found() || response.source() == null) {
            return Optional.empty();
        }
        GetResponse<Embedded> vectors = client.get(g -> g.index(vectorsAlias()).id(id).sourceIncludes("embeddedAt"),
                Embedded.class);
        // vectors of another version say nothing about this one
        Instant embeddedAt = vectors.found() && vectors.source() != null && Objects.equals(vectors.version(), response.version())
                ? vectors.source().embeddedAt() : null;
        return Optional.of(new Indexed(response.source(), response.version(), embeddedAt));
    }

    /**
     * A document's passage texts and, when the vectors of its current version are written, their vectors; empty when it
     * does not exist or the scope does not admit it.
     */
    public Optional<EmbeddedDocument> withVectors(String id, List<String> includes, CollectionScope scope) throws IOException {
        indexManager.ensureIndex();
        List<String> fields = new ArrayList<>(includes);
        fields.add(CollectionScope.FIELD);
        fields.add(IndexedDocument.PASSAGES);
        GetResponse<IndexedDocument> response = client.get(g -> g.index(alias()).id(id).sourceIncludes(fields),
                IndexedDocument.class);
        if (!response.found() || response.source() == null || !scope.admits(response.source().collection())) {
            return Optional.empty();
        }
        GetResponse<IndexedVectors> vectors = client.get(g -> g.index(vectorsAlias()).id(id)
                .sourceIncludes(IndexedDocument.PASSAGES), IndexedVectors.class);
        boolean current = vectors.found() && vectors.source() != null && Objects.equals(vectors.version(), response.version());
        return Optional.of(new EmbeddedDocument(response.source(), !current ? null
                : vectors.source().passages() == null ? List.of() : vectors.source().passages()));
    }

    /** A document with its passages and their vectors ({@code vectors} null while not written for this version). */
    public record EmbeddedDocument(IndexedDocument document, List<IndexedVectors.PassageVector> vectors) {
    }

    /** Why the document's latest event could not be indexed, if it could not. */
    public Optional<IndexingFailure> failure(String id) throws IOException {
        indexManager.ensureIndex();
        GetResponse<IndexingFailure> response = client.get(g -> g.index(failuresIndex()).id(id), IndexingFailure.class);
        return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
    }

    /** The tokens an analyzer of the live index cuts a text into. */
    public List<AnalyzeToken> analyze(String analyzer, String text) throws IOException {
        indexManager.ensureIndex();
        return client.indices().analyze(a -> a.index(alias()).analyzer(analyzer).text(text)).tokens();
    }
}
