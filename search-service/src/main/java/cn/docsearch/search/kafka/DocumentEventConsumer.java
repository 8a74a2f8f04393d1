package cn.docsearch.search.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.index.DocumentIndexer;
import cn.docsearch.search.index.IndexManager;
import cn.docsearch.search.index.IndexOperation;
import cn.docsearch.search.index.IndexingFailure;
import cn.docsearch.search.index.TransientIndexingException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * The indexing loop: poll a batch, convert, bulk-write, dead-letter what can never be written, and only
 * then commit the batch's offsets. A transient failure rewinds to the batch start and retries with
 * backoff, so an event is never committed before Elasticsearch (or the dead-letter topic) has it.
 */
@ApplicationScoped
public class DocumentEventConsumer {
    private static final Logger LOG = Logger.getLogger(DocumentEventConsumer.class);

    private final SearchConfig config;
    private final Map<String, Object> kafkaConfig;
    private final DocumentEventConverter converter;
    private final DocumentIndexer indexer;
    private final DeadLetterPublisher deadLetters;
    private final IndexManager indexManager;

    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile String lastFailure;
    private Thread thread;

    public DocumentEventConsumer(SearchConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                 DocumentEventConverter converter, DocumentIndexer indexer, DeadLetterPublisher deadLetters,
                                 IndexManager indexManager) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.converter = converter;
        this.indexer = indexer;
        this.deadLetters = deadLetters;
        this.indexManager = indexManager;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "document-event-consumer");
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    /** Why the last batch had to be retried, or null when the last batch went through. */
    public String lastFailure() {
        return lastFailure;
    }

    private void run() {
        Backoff backoff = new Backoff(config.consumer().initialBackoff(), config.consumer().maxBackoff());
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new StringDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(config.consumer().topic()));
            while (running) {
                ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    index(records);
                    kafka.commitSync(Batches.nextOffsets(records, kafka.assignment()));
                    backoff.reset();
                    lastFailure = null;
                } catch (TransientIndexingException e) {
                    lastFailure = e.getMessage();
                    Duration wait = backoff.next();
                    LOG.warnf("Batch of %d records not indexed (attempt %d), retrying in %d ms: %s",
                            records.count(), backoff.attempts(), wait.toMillis(), e.getMessage());
                    Batches.rewind(kafka, records);
                    Thread.sleep(wait.toMillis());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            lastFailure = "consumer stopped: " + e;
            LOG.error("Document event consumer stopped", e);
            running = false;
        }
    }

    private void index(ConsumerRecords<String, String> records) throws TransientIndexingException {
        List<IndexOperation> operations = new ArrayList<>();
        Map<IndexOperation, ConsumerRecord<String, String>> origins = new IdentityHashMap<>();
        Map<ConsumerRecord<String, String>, String> malformed = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                IndexOperation operation = converter.convert(record);
                operations.add(operation);
                origins.put(operation, record);
            } catch (MalformedEventException e) {
                malformed.put(record, e.getMessage());
            }
        }
        for (DocumentIndexer.Rejection rejection : indexer.write(operations)) {
            malformed.put(origins.get(rejection.operation()), "rejected by Elasticsearch: " + rejection.reason());
        }
        List<IndexingFailure> failures = new ArrayList<>();
        for (Map.Entry<ConsumerRecord<String, String>, String> entry : malformed.entrySet()) {
            ConsumerRecord<String, String> record = entry.getKey();
            if (record.key() != null && !record.key().isBlank()) {
                failures.add(new IndexingFailure(record.key(), entry.getValue(), origin(record), record.offset(),
                        converter.documentVersion(record), Instant.now()));
            }
        }
        indexer.recordFailures(failures);
        for (Map.Entry<ConsumerRecord<String, String>, String> entry : malformed.entrySet()) {
            ConsumerRecord<String, String> record = entry.getKey();
            LOG.warnf("Dead-lettering %s/%d/%d: %s", record.topic(), record.partition(), record.offset(), entry.getValue());
            deadLetters.send(record, entry.getValue());
        }
    }

    static String origin(ConsumerRecord<String, String> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    private Map<String, Object> consumerConfig() {
        return Batches.consumerConfig(kafkaConfig, indexManager.consumerGroup(config.consumer().groupId()),
                config.consumer().maxPollRecords());
    }
}
