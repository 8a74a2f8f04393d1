package cn.docsearch.search.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import cn.docsearch.infra.TestInfrastructure;

/** Puts document events on the real topic, as ingest-service would (schema: docs/events/document-event.schema.json). */
public final class TopicWriter implements AutoCloseable {
    private final String topic;

    /** One section of an event: its heading path and its paragraphs. */
    public record Section(List<String> headings, List<String> paragraphs) {
        public static Section of(String heading, String... paragraphs) {
            return new Section(heading == null ? List.of() : List.of(heading), List.of(paragraphs));
        }
    }

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper objectMapper;

    public TopicWriter(ObjectMapper objectMapper) {
        this(objectMapper, "documents");
    }

    public TopicWriter(ObjectMapper objectMapper, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(TestInfrastructure.kafkaClientConfig(Map.of("acks", "all",
                "linger.ms", 5, "max.request.size", 16 * 1024 * 1024)), new StringSerializer(), new StringSerializer());
        this.objectMapper = objectMapper;
    }

    /** A new document with one untitled section per paragraph line of the body. */
    public String publish(String title, String body) throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, 1, title, List.of(new Section(List.of(), List.of(body.split("\n")))));
        return id;
    }

    public String publish(String title, List<Section> sections) throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, 1, title, sections);
        return id;
    }

    public void publish(String id, int version, String title, List<Section> sections) throws Exception {
        publish(id, version, null, Map.of("source", "测试", "tags", List.of("测试"), "contentType", "text/plain"), title,
                sections);
    }

    /**
     * A new document of a collection, with the metadata given (source, tags, author, contentType, documentDate ...),
     * one untitled section per paragraph line of the body.
     */
    public String publish(String collection, Map<String, Object> metadata, String title, String body) throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, 1, collection, metadata, title, List.of(new Section(List.of(), List.of(body.split("\n")))));
        return id;
    }

    private void publish(String id, int version, String collection, Map<String, Object> givenMetadata, String title,
                         List<Section> sections) throws Exception {
        String body = String.join("\n", sections.stream().flatMap(s -> s.paragraphs().stream()).toList());
        Map<String, Object> metadata = new HashMap<>(givenMetadata);
        metadata.put("charCount", body.length());
        metadata.put("version", version);
        Map<String, Object> event = new HashMap<>(Map.of("schemaVersion", 1, "id", id, "title", title, "body", body,
                "sections", sections, "metadata", metadata,
                "contentHash", "sha256:" + "0".repeat(64), "ingestedAt", Instant.now().toString()));
        if (collection != null) {
            event.put("collection", collection);
        }
        producer.send(new ProducerRecord<>(topic, id, objectMapper.writeValueAsString(event))).get(10, TimeUnit.SECONDS);
    }

    /** Sends without waiting for each acknowledgement; {@link #flush()} waits for them all. */
    public void publishQuietly(String id, String title, String body) throws Exception {
        publishQuietly(id, null, title, body);
    }

    /** As {@link #publishQuietly(String, String, String)}, in a collection (null: none, the default one). */
    public void publishQuietly(String id, String collection, String title, String body) throws Exception {
        Map<String, Object> event = new HashMap<>(Map.of("schemaVersion", 1, "id", id, "title", title, "body", body,
                "metadata", Map.of("charCount", body.length(), "version", 1),
                "contentHash", "sha256:" + "0".repeat(64), "ingestedAt", Instant.now().toString()));
        if (collection != null) {
            event.put("collection", collection);
        }
        producer.send(new ProducerRecord<>(topic, id, objectMapper.writeValueAsString(event)));
    }

    public void flush() {
        producer.flush();
    }

    public void delete(String id) throws Exception {
        producer.send(new ProducerRecord<>(topic, id, null)).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close();
    }
}
