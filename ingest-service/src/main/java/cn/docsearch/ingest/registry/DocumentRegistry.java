package cn.docsearch.ingest.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.document.KnownDocument;
import cn.docsearch.ingest.event.DocumentState;
import cn.docsearch.kafka.PoisonRecords;
import cn.docsearch.kafka.TopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Which documents exist, by id and by content hash, and which Idempotency-Keys were used: a view of the registry
 * topic (one small record per document, see {@link DocumentState}), read from the beginning at start-up and followed
 * afterwards, so it also sees what the other instances write. Kafka stays the only store; the view is rebuilt on every
 * start, in seconds even at a million documents since it never reads their texts.
 */
@ApplicationScoped
public class DocumentRegistry {
    /** Its poison records' stage: this view and the backfill that writes its topic. */
    public static final String STAGE = "registry";
    /** Room for this many documents before the table first grows. */
    private static final int INITIAL_DOCUMENTS = 1 << 16;

    private record RememberedKey(IngestOutcome outcome, Instant at) {
    }

    private final IngestConfig config;
    private final ObjectMapper objectMapper;
    private final Clock clock = Clock.systemUTC();
    private final DocumentTable documents = new DocumentTable(INITIAL_DOCUMENTS);
    private final Map<String, RememberedKey> byIdempotencyKey = new ConcurrentHashMap<>();
    private final Set<Integer> backfilled = ConcurrentHashMap.newKeySet();
    private final TopicFollower follower;
    private final PoisonRecords poison;

    public DocumentRegistry(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                            ObjectMapper objectMapper, PoisonRecords poison) {
        this.config = config;
        this.objectMapper = objectMapper;
        this.poison = poison;
        this.follower = new TopicFollower(config.registryTopic(), kafkaConfig,
                this::read, poison, STAGE);
    }

    void start(@Observes StartupEvent startup) {
        follower.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        follower.stop();
    }

    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /** Waits until this view has read the partition of the registry topic up to the offset. */
    public boolean awaitFollowed(int partition, long offset, Duration timeout) throws InterruptedException {
        return follower.awaitFollowed(partition, offset, timeout);
    }

    /** Whether the partition's documents from before the registry topic existed have been taken over into it. */
    public boolean isBackfilled(int partition) {
        return backfilled.contains(partition);
    }

    /** Documents known, deleted ones excluded. */
    public int documentCount() {
        return documents.liveCount();
    }

    /** Documents (not deleted) per collection. */
    public Map<String, Integer> documentCountByCollection() {
        return documents.liveCountByCollection();
    }

    /** The live document under the id (a deleted one is not found). */
    public Optional<KnownDocument> byId(String id) {
        return documents.byId(id).filter(known -> !known.deleted());
    }

    /** The id's latest state, a deletion included: the next version is one more than its version. */
    public Optional<KnownDocument> latest(String id) {
        return documents.byId(id);
    }

    public Optional<KnownDocument> byContentHash(String contentHash, String collection) {
        return documents.byContentHash(contentHash, collection);
    }

    /** The outcome first given for this key while it is honoured, whatever content it was for (see WriteRules). */
    public Optional<IngestOutcome> earlierOutcome(String idempotencyKey) {
        RememberedKey remembered = byIdempotencyKey.get(idempotencyKey);
        return remembered == null || isExpired(remembered.at()) ? Optional.empty() : Optional.of(remembered.outcome());
    }

    public void rememberKey(String idempotencyKey, IngestOutcome outcome) {
        byIdempotencyKey.putIfAbsent(idempotencyKey, new RememberedKey(outcome, Instant.now(clock)));
    }

    /** Called once Kafka has committed the write, so the next request sees it before the follower reads it back. */
    public void recordPublished(KnownDocument known) {
        documents.apply(known);
    }

    private boolean isExpired(Instant at) {
        return at.isBefore(Instant.now(clock).minus(config.idempotencyKeyRetention()));
    }

    /**
     * Takes one registry record into the view. A record this platform never writes (no key, no value: the registry
     * writes no tombstones, not JSON, another shape, an id or content hash of another form) is skipped as poison;
     * anything else it throws is skipped the same way by the guard around this reader.
     */
    private void read(ConsumerRecord<String, String> record) {
        if (DocumentState.BACKFILLED_KEY.equals(record.key())) {
            backfilled.add(record.partition());
            return;
        }
        if (record.key() == null || record.value() == null) {
            poison.skip(DocumentRegistry.STAGE, record, record.key() == null ? "no key" : "no value");
            return;
        }
        DocumentState state;
        try {
            state = objectMapper.readValue(record.value(), DocumentState.class);
        } catch (JsonProcessingException e) {
            poison.skip(DocumentRegistry.STAGE, record, "not JSON of a registry record");
            return;
        }
        if (state == null) {
            poison.skip(DocumentRegistry.STAGE, record, "JSON null");
            return;
        }
        KnownDocument known = new KnownDocument(record.key(), state.contentHash(), state.version(),
                state.charCount(), state.order(), state.deleted(), state.collection());
        // a state of lower order than the one known is refused too, and is no poison: the id is known then
        if (!documents.apply(known) && documents.byId(record.key()).isEmpty()) {
            poison.skip(DocumentRegistry.STAGE, record, "an id or content hash of a form this platform never writes");
            return;
        }
        if (state.idempotencyKey() != null && state.ingestedAt() != null && !isExpired(state.ingestedAt())) {
            byIdempotencyKey.putIfAbsent(state.idempotencyKey(), new RememberedKey(new IngestOutcome(known.id(),
                    IngestOutcome.ACCEPTED, known.contentHash(), known.version(), known.charCount(), null),
                    state.ingestedAt()));
        }
    }
}
