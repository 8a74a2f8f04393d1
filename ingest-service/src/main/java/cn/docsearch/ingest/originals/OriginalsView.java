package cn.docsearch.ingest.originals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.kafka.PoisonRecords;
import cn.docsearch.kafka.TopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Where each document's original is: a view of the manifest topic (read from the beginning at start-up and followed,
 * so any instance can answer a download, whichever wrote it), holding per document only where its manifest is and how
 * many chunks it has, never bytes. The chunk topic itself is never followed: a start-up reads the manifests, not the
 * files.
 */
@ApplicationScoped
public class OriginalsView {
    /** Its poison records' stage. */
    public static final String STAGE = "originals";

    /**
     * Where a document's manifest is, and how many chunks its original has (0: deleted, or replaced by a version
     * without a file; kept so that an older manifest read later cannot bring it back).
     */
    public record Location(int partition, long manifestOffset, int chunkCount) {
        public boolean exists() {
            return chunkCount > 0;
        }
    }

    private final ObjectMapper objectMapper;
    private final PoisonRecords poison;
    private final Map<String, Location> byId = new ConcurrentHashMap<>();
    private final TopicFollower follower;

    public OriginalsView(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                         ObjectMapper objectMapper, PoisonRecords poison) {
        this.objectMapper = objectMapper;
        this.poison = poison;
        this.follower = new TopicFollower(config.originals().manifestTopic(), kafkaConfig, this::read, poison, STAGE);
    }

    void start(@Observes StartupEvent startup) {
        follower.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        follower.stop();
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /**
     * Waits until the view has read the partition of the manifest topic up to the offset: a writer taking it over, a
     * download on an instance that does not write it.
     */
    public boolean awaitFollowed(int partition, long offset, Duration timeout) throws InterruptedException {
        return follower.awaitFollowed(partition, offset, timeout);
    }

    /** Waits until the view holds what had been committed when this was called (a document written by another instance). */
    public boolean awaitRecent(Duration timeout) throws InterruptedException {
        return follower.awaitRecent(timeout);
    }

    /** Where the document's original is, if it has one. */
    public Optional<Location> find(String id) {
        return Optional.ofNullable(byId.get(id)).filter(Location::exists);
    }

    /** Chunks of the document's current original, 0 without one: what a new version or a delete must replace. */
    public int chunkCount(String id) {
        Location location = byId.get(id);
        return location == null ? 0 : location.chunkCount();
    }

    /** Called by a writer once Kafka has committed a manifest or its tombstone, before the follower reads it back. */
    public void recordPublished(String id, Location location) {
        // the later record wins, whichever of the writer and the follower brings it first
        byId.merge(id, location, (known, next) -> next.manifestOffset() >= known.manifestOffset() ? next : known);
    }

    /** Takes one manifest record (or tombstone) into the view; one this platform never writes is skipped as poison. */
    private void read(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            poison.skip(STAGE, record, "no key");
            return;
        }
        if (record.value() == null) {
            recordPublished(record.key(), new Location(record.partition(), record.offset(), 0));
            return;
        }
        OriginalManifest manifest;
        try {
            manifest = objectMapper.readValue(record.value(), OriginalManifest.class);
        } catch (JsonProcessingException e) {
            poison.skip(STAGE, record, PoisonRecords.reasonOf(e));
            return;
        }
        if (manifest == null || manifest.chunkOffsets() == null || manifest.chunkOffsets().isEmpty()) {
            poison.skip(STAGE, record, "not a manifest: no chunks");
            return;
        }
        recordPublished(record.key(), new Location(record.partition(), record.offset(), manifest.chunkCount()));
    }
}
