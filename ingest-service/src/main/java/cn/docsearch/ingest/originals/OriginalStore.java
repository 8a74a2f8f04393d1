package cn.docsearch.ingest.originals;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.kafka.TopicFollower;
import io.smallrye.common.annotation.Identifier;

/**
 * Reads originals back for a download, on any instance: the manifest where {@link OriginalsView} says it is, then the
 * chunks at the offsets it lists, each fetched with a consumer of its own ({@code assign} and {@code seek}, no group),
 * streamed out one chunk at a time.
 */
@ApplicationScoped
public class OriginalStore {
    /** How long a download waits for this instance's view to see a document another instance has just written. */
    private static final Duration RECENT = Duration.ofSeconds(2);

    /** A document's original as its manifest describes it, ready to be streamed. */
    public record StoredOriginal(String id, int partition, OriginalManifest manifest) {
    }

    private final IngestConfig config;
    private final Map<String, Object> kafkaConfig;
    private final OriginalsView view;
    private final ObjectMapper objectMapper;

    public OriginalStore(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                         OriginalsView view, ObjectMapper objectMapper) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.view = view;
        this.objectMapper = objectMapper;
    }

    /**
     * The document's original, if it has one. A document written a moment ago by another instance may not be in this
     * instance's view yet: it waits for the view to read what is committed now before saying there is none.
     */
    public Optional<StoredOriginal> find(String id) throws InterruptedException {
        view.awaitCaughtUp(config.publishTimeout());
        Optional<StoredOriginal> found = read(id);
        if (found.isEmpty() && view.awaitRecent(RECENT)) {
            // also when the manifest just read had been replaced meanwhile: the view now points at its successor
            found = read(id);
        }
        return found;
    }

    /**
     * Writes the original's bytes, chunk after chunk.
     *
     * @throws IOException when a chunk is no longer where the manifest says (the document was replaced or deleted
     *                     while it was read, and compaction removed it): the answer is then cut short, never mixed
     */
    public void copy(StoredOriginal original, OutputStream out) throws IOException {
        List<Long> offsets = original.manifest().chunkOffsets();
        TopicPartition partition = new TopicPartition(config.originals().topic(), original.partition());
        try (KafkaConsumer<String, byte[]> consumer = chunkReader()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offsets.get(0));
            int next = 0;
            long deadline = System.nanoTime() + config.publishTimeout().toNanos();
            while (next < offsets.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("Kafka did not give chunk " + next + " of " + original.id() + " in time");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (next == offsets.size() || record.offset() < offsets.get(next)) {
                        continue;
                    }
                    if (record.offset() > offsets.get(next) || record.value() == null
                            || !OriginalChunks.key(original.id(), next).equals(record.key())) {
                        throw new IOException("chunk " + next + " of " + original.id() + " is no longer at offset "
                                + offsets.get(next) + ": the document changed while its original was read");
                    }
                    out.write(record.value());
                    next++;
                    deadline = System.nanoTime() + config.publishTimeout().toNanos();
                }
                if (next < offsets.size() && consumer.position(partition) < offsets.get(next)) {
                    // records of other documents between two chunks: skip them
                    consumer.seek(partition, offsets.get(next));
                }
            }
        }
    }

    private Optional<StoredOriginal> read(String id) {
        Optional<OriginalsView.Location> location = view.find(id);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        TopicPartition partition = new TopicPartition(config.originals().manifestTopic(), location.get().partition());
        long offset = location.get().manifestOffset();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(TopicFollower.committedReaderConfig(kafkaConfig),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + config.publishTimeout().toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() != offset || !id.equals(record.key()) || record.value() == null) {
                        // compacted away: a newer manifest or a tombstone replaced it since the view read it
                        return Optional.empty();
                    }
                    return Optional.of(new StoredOriginal(id, partition.partition(),
                            objectMapper.readValue(record.value(), OriginalManifest.class)));
                }
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            // the view read this very record as a manifest
            throw new IllegalStateException("The manifest of " + id + " could not be read again", e);
        }
    }

    /** A committed reader that fetches about one chunk at a time, so that a download holds little of its file. */
    private KafkaConsumer<String, byte[]> chunkReader() {
        Map<String, Object> consumerConfig = TopicFollower.committedReaderConfig(kafkaConfig);
        consumerConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.originals().chunkBytes());
        consumerConfig.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.originals().chunkBytes());
        return new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
