package cn.docsearch.search.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.index.DocumentIndexer;
import cn.docsearch.search.index.IndexManager;
import cn.docsearch.search.index.IndexOperation;
import cn.docsearch.search.index.IndexTarget;
import cn.docsearch.search.index.IndexingFailure;
import cn.docsearch.search.index.TransientIndexingException;

/**
 * The indexing stage: convert a batch, bulk-write it, dead-letter what can never be written; {@link ConsumerStage}
 * commits the offsets only after that, so an event is never committed before Elasticsearch (or the dead-letter
 * topic) has it. Only the live index's stage dead-letters: a stage filling an index beside it sees the same events.
 */
public class DocumentEventConsumer extends ConsumerStage {
    private static final Logger LOG = Logger.getLogger(DocumentEventConsumer.class);

    private final SearchConfig config;
    private final Map<String, Object> kafkaConfig;
    private final DocumentEventConverter converter;
    private final DocumentIndexer indexer;
    private final DeadLetterPublisher deadLetters;
    private final IndexManager indexManager;
    private final IndexTarget target;

    DocumentEventConsumer(SearchConfig config, Map<String, Object> kafkaConfig, DocumentEventConverter converter,
                          DocumentIndexer indexer, DeadLetterPublisher deadLetters, IndexManager indexManager,
                          Admin admin, IndexTarget target, MeterRegistry registry) {
        super("indexing " + target.index(), config, admin, registry);
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.converter = converter;
        this.indexer = indexer;
        this.deadLetters = deadLetters;
        this.indexManager = indexManager;
        this.target = target;
    }

    @Override
    protected void process(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records)
            throws TransientIndexingException {
        index(records);
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
        for (DocumentIndexer.Rejection rejection : indexer.write(target, operations)) {
            malformed.put(origins.get(rejection.operation()), DocumentIndexer.REJECTED_BY_ELASTICSEARCH + rejection.reason());
        }
        List<IndexingFailure> failures = new ArrayList<>();
        for (Map.Entry<ConsumerRecord<String, String>, String> entry : malformed.entrySet()) {
            ConsumerRecord<String, String> record = entry.getKey();
            if (record.key() != null && !record.key().isBlank()) {
                failures.add(new IndexingFailure(record.key(), entry.getValue(), origin(record), record.offset(),
                        converter.documentVersion(record), externalVersionOrOffset(record), Instant.now(),
                        converter.collection(record)));
            }
        }
        indexer.recordFailures(failures);
        if (!target.live()) {
            return;
        }
        for (Map.Entry<ConsumerRecord<String, String>, String> entry : malformed.entrySet()) {
            ConsumerRecord<String, String> record = entry.getKey();
            LOG.warnf("Dead-lettering %s/%d/%d: %s", record.topic(), record.partition(), record.offset(), entry.getValue());
            deadLetters.send(record, entry.getValue());
        }
    }

    private static long externalVersionOrOffset(ConsumerRecord<String, String> record) {
        try {
            return DocumentEventConverter.externalVersion(record);
        } catch (MalformedEventException e) {
            return record.offset();
        }
    }

    static String origin(ConsumerRecord<String, String> record) {
        return record.topic() + "/" + record.partition() + "/" + record.offset();
    }

    @Override
    protected Map<String, Object> consumerConfig() {
        return Batches.consumerConfig(kafkaConfig, indexManager.consumerGroup(config.consumer().groupId(), target.index()),
                config.consumer().maxPollRecords(), config.consumer().sessionTimeout());
    }
}
