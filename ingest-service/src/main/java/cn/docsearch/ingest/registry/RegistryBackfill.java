package cn.docsearch.ingest.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.event.DocumentEvent;
import cn.docsearch.ingest.event.DocumentState;
import cn.docsearch.ingest.topics.DocumentTopics;
import cn.docsearch.kafka.PoisonRecords;

/**
 * Takes over a partition of a document topic written before the registry topic existed (or whose registry topic was
 * lost): reads the partition's events once and writes their registry records, then the {@link
 * DocumentState#BACKFILLED_KEY} marker, so that it happens once. Only the partition's writer runs it, before its first
 * write; one stopped half-way leaves no marker and is run again by the next owner.
 */
public final class RegistryBackfill {
    private static final Logger LOG = Logger.getLogger(RegistryBackfill.class);
    private static final int RECORDS_PER_TRANSACTION = 5_000;

    private final IngestConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper objectMapper;
    private final PoisonRecords poison;

    public RegistryBackfill(IngestConfig config, Map<String, Object> kafkaConfig, ObjectMapper objectMapper, PoisonRecords poison) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.objectMapper = objectMapper;
        this.poison = poison;
    }

    /** One partition at a time: each reads whole documents and keeps the versions of its ids meanwhile. */
    public synchronized void run(int partition, KafkaProducer<String, byte[]> producer) {
        TopicPartition documents = new TopicPartition(config.topic(), partition);
        try (KafkaConsumer<String, String> consumer = DocumentTopics.documentReader(kafkaConfig)) {
            consumer.assign(List.of(documents));
            consumer.seekToBeginning(List.of(documents));
            long end = consumer.endOffsets(List.of(documents), config.publishTimeout()).get(documents);
            long written = 0;
            // the version of every id seen, for the tombstones from before versions were carried
            Map<String, Integer> versions = new HashMap<>();
            producer.beginTransaction();
            while (consumer.position(documents, config.publishTimeout()) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    DocumentState state = stateOf(record, versions);
                    if (state == null) {
                        continue;
                    }
                    versions.put(record.key(), state.version());
                    producer.send(new ProducerRecord<>(config.registryTopic(), partition, record.key(), json(state)));
                    if (++written % RECORDS_PER_TRANSACTION == 0) {
                        producer.commitTransaction();
                        producer.beginTransaction();
                    }
                }
            }
            producer.send(new ProducerRecord<>(config.registryTopic(), partition, DocumentState.BACKFILLED_KEY,
                    "{}".getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
            if (written > 0) {
                LOG.infof("Registry topic took over %d records of %s", written, documents);
            }
        }
    }

    /**
     * The registry record of a document event or tombstone; null for a record that is neither (skipped as poison: a
     * registry record made of it would only be refused by every reader of the registry).
     */
    private DocumentState stateOf(ConsumerRecord<String, String> record, Map<String, Integer> versions) {
        if (record.key() == null) {
            poison.skip(DocumentRegistry.STAGE, record, "a document event without a key");
            return null;
        }
        Integer version = headerVersion(record);
        // before versions were carried, the offset ordered a document's records (they share a partition)
        long order = version != null ? DocumentState.versionedOrder(version) : record.offset();
        if (record.value() == null) {
            // a tombstone from before versions were carried counts as the version it deleted
            return new DocumentState(DocumentState.SCHEMA_VERSION, version != null ? version : versions.getOrDefault(record.key(), 0),
                    order, "", 0, true, null, null, null);
        }
        try {
            JsonNode event = objectMapper.readTree(record.value());
            if (event == null || !event.isObject() || !event.path("contentHash").isTextual()) {
                poison.skip(DocumentRegistry.STAGE, record, "not a document event (no JSON object with a contentHash)");
                return null;
            }
            JsonNode metadata = event.path("metadata");
            return new DocumentState(DocumentState.SCHEMA_VERSION, metadata.path("version").asInt(1), order,
                    event.path("contentHash").asText(), metadata.path("charCount").asInt(), false,
                    metadata.path("idempotencyKey").asText(null), instant(event.path("ingestedAt").asText(null)),
                    DocumentState.collectionOrNull(event.path("collection").asText(null)));
        } catch (Exception e) {
            poison.skip(DocumentRegistry.STAGE, record, "not JSON of a document event");
            return null;
        }
    }

    /** When an event was ingested; null when it does not say in ISO-8601 (its key is then not remembered). */
    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The version a record carries in its header; null when it has none (or one that is not a number). */
    private static Integer headerVersion(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(DocumentEvent.VERSION_HEADER);
        try {
            return header == null ? null : Integer.valueOf(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private byte[] json(DocumentState state) {
        try {
            return objectMapper.writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Registry records always serialise", e);
        }
    }
}
