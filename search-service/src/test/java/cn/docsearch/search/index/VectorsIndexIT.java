package cn.docsearch.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.InfrastructureTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest_client.RestClientTransport;

/**
 * The documents index and its vectors index kept in step by external versions alone, whatever order the two stages
 * write in (issue 28 item 3): a document version is written once, its vectors once, and vectors of an older version,
 * or of a deleted document, never outlive it nor come back late.
 */
@QuarkusTest
@WithTestResource(InfrastructureTestResource.class)
class VectorsIndexIT {
    @Inject
    DocumentIndexer indexer;
    @Inject
    IndexManager indexManager;
    @Inject
    SearchIndex searchIndex;
    @Inject
    ElasticsearchClient client;
    @Inject
    StoredDocuments storedDocuments;

    private IndexTarget live;
    private String id;

    @BeforeEach
    void liveIndex() throws Exception {
        live = new IndexTarget(indexManager.layout().live(), true);
        id = "vectors-" + UUID.randomUUID();
    }

    @Test
    void aNewVersionTakesTheVectorsOfTheOlderOneAndLateOlderVectorsAreRefused() throws Exception {
        write(IndexOperation.upsert(id, version(1), document(1)));
        write(vectors(1));
        assertThat(embeddedVersion()).isEqualTo(1);

        write(IndexOperation.upsert(id, version(2), document(2)));
        assertThat(searchIndex.indexed(id, List.of()).orElseThrow().embeddedAt()).isNull();
        assertThat(storedVectors()).isFalse();
        // the embedding stage was slow with version 1: its vectors come after version 2's document
        write(vectors(1));
        assertThat(storedVectors()).isFalse();

        write(vectors(2));
        assertThat(embeddedVersion()).isEqualTo(2);
    }

    @Test
    void aVersionElasticsearchRefusesLeavesTheVectorsOfTheOneBefore() throws Exception {
        write(IndexOperation.upsert(id, version(1), document(1)));
        write(vectors(1));
        IndexedDocument unreadable = document(2);
        IndexedDocument refused = new IndexedDocument(id, unreadable.collection(), unreadable.title(), unreadable.headings(),
                unreadable.body(), unreadable.source(), unreadable.tags(), null, "不是日期", null, null,
                unreadable.contentType(), null, unreadable.charCount(), null, 2, unreadable.ingestedAt(),
                unreadable.indexedAt(), unreadable.passages(), 1, null, null, null);
        assertThat(indexer.write(live, List.of(IndexOperation.upsert(id, version(2), refused)))).hasSize(1);
        assertThat(embeddedVersion()).isEqualTo(1);
    }

    @Test
    void vectorsWrittenBeforeTheirDocumentStay() throws Exception {
        write(IndexOperation.upsert(id, version(1), document(1)));
        write(vectors(2));
        write(IndexOperation.upsert(id, version(2), document(2)));
        assertThat(embeddedVersion()).isEqualTo(2);
    }

    @Test
    void aDeleteTakesTheVectorsAndLateOnesAreRefused() throws Exception {
        write(IndexOperation.upsert(id, version(1), document(1)));
        write(vectors(1));
        write(IndexOperation.delete(id, version(2)));
        assertThat(searchIndex.indexed(id, List.of())).isEmpty();
        assertThat(storedVectors()).isFalse();
        write(vectors(1));
        assertThat(storedVectors()).isFalse();
    }

    @Test
    void theEmbeddingStageReadsEachDocumentsVersionAndWhetherItsVectorsAreOfIt() throws Exception {
        String absent = "absent-" + UUID.randomUUID();
        write(IndexOperation.upsert(id, version(1), document(1)));
        assertThat(storedDocuments.versions(live, List.of(id, absent), true))
                .containsOnlyKeys(id).containsEntry(id, new StoredDocuments.Version(version(1), null, false));

        write(vectors(1));
        assertThat(storedDocuments.versions(live, List.of(absent, id), true))
                .containsExactly(entry(id, new StoredDocuments.Version(version(1), null, true)));

        write(IndexOperation.upsert(id, version(2), document(2)));
        assertThat(storedDocuments.versions(live, List.of(id), true))
                .containsExactly(entry(id, new StoredDocuments.Version(version(2), null, false)));
        write(vectors(2));
        // the refreshed view, as the stage reads it before embedding
        indexManager.refresh(live.index(), live.vectorsIndex());
        assertThat(storedDocuments.versions(live, List.of(id, absent), false))
                .containsExactly(entry(id, new StoredDocuments.Version(version(2), null, true)));
    }

    @Test
    void theVectorsIndexWritesItsSegmentsAtLongIntervalsAndAnOlderIndexIsGivenThem() throws Exception {
        String vectors = IndexManager.vectorsIndexOf(live.index());
        // as created: a backlog's vectors go into few large segments, whose graphs merges build again less often
        assertThat(segmentSettings(vectors)).containsExactly(entry("index.refresh_interval", "2m"),
                entry("index.translog.flush_threshold_age", "5m"));

        // an index made by an earlier release, with its settings of then
        lowLevel().performRequest(settingsUpdate(vectors,
                "{\"index.refresh_interval\":\"30s\",\"index.translog.flush_threshold_age\":\"1m\"}"));
        try {
            assertThat(segmentSettings(vectors)).containsEntry("index.refresh_interval", "30s");
            indexManager.applySegmentSettings(live.index());
            assertThat(segmentSettings(vectors)).containsExactly(entry("index.refresh_interval", "2m"),
                    entry("index.translog.flush_threshold_age", "5m"));
            assertThat(segmentSettings(live.index())).containsExactly(entry("index.refresh_interval", "5s"));
        } finally {
            // the other tests share the index
            lowLevel().performRequest(settingsUpdate(vectors,
                    "{\"index.refresh_interval\":\"2m\",\"index.translog.flush_threshold_age\":\"5m\"}"));
        }
    }

    private RestClient lowLevel() {
        return ((RestClientTransport) client._transport()).restClient();
    }

    private static Request settingsUpdate(String index, String json) {
        Request request = new Request("PUT", "/" + index + "/_settings");
        request.setJsonEntity(json);
        return request;
    }

    /** The index's own settings that say when segments are written, as flat keys. */
    private Map<String, String> segmentSettings(String index) throws Exception {
        JsonNode settings = new ObjectMapper().readTree(lowLevel().performRequest(
                new Request("GET", "/" + index + "/_settings?flat_settings=true")).getEntity().getContent())
                .path(index).path("settings");
        Map<String, String> segments = new TreeMap<>();
        settings.fields().forEachRemaining(setting -> {
            if (setting.getKey().equals("index.refresh_interval") || setting.getKey().startsWith("index.translog.")) {
                segments.put(setting.getKey(), setting.getValue().asText());
            }
        });
        return segments;
    }

    private void write(IndexOperation operation) throws TransientIndexingException {
        assertThat(indexer.write(live, List.of(operation))).isEmpty();
    }

    private static long version(int documentVersion) {
        return IndexOperation.VERSIONED + documentVersion;
    }

    private IndexedDocument document(int documentVersion) {
        String body = "第" + documentVersion + "版：关于做好秋季防火工作的通知。";
        return new IndexedDocument(id, "default", "通知", List.of(), body, "测试", List.of("测试"), null, null, null, null,
                "text/plain", null, body.length(), null, documentVersion, Instant.now(), Instant.now(),
                List.of(new IndexedPassage(0, List.of(), body)), 1, null, null, null);
    }

    private IndexOperation vectors(int documentVersion) {
        float[] vector = new float[512];
        vector[documentVersion] = 1;
        return IndexOperation.embedded(id, version(documentVersion),
                IndexedVectors.of(document(documentVersion), List.of(vector), Instant.now(), Instant.now()));
    }

    /** The document version whose vectors the vectors index holds beside the current document, read in realtime. */
    private Integer embeddedVersion() throws Exception {
        SearchIndex.EmbeddedDocument stored = searchIndex.withVectors(id, List.of("version"), CollectionScope.ALL)
                .orElseThrow();
        assertThat(stored.vectors()).as("vectors of the current version").isNotNull().hasSize(1);
        return stored.document().version();
    }

    /** Whether the vectors index holds any vectors for the document, of whatever version, read in realtime. */
    private boolean storedVectors() throws Exception {
        return client.get(g -> g.index(searchIndex.vectorsAlias()).id(id), Void.class).found();
    }
}
