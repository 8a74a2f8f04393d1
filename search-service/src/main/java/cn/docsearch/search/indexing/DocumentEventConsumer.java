package cn.docsearch.search.indexing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.index.DocumentIndexer;
import cn.docsearch.search.index.IndexManager;
import cn.docsearch.search.index.IndexOperation;
import cn.docsearch.search.index.IndexTarget;
import cn.docsearch.search.index.TransientIndexingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The indexing stage: convert a batch, bulk-write it in slices that step aside for searches, dead-letter what can
 * never be written; {@link ConsumerStage} commits the offsets only after that, so an event is never committed before
 * Elasticsearch (or the dead-letter topic) has it.
 */
public class DocumentEventConsumer extends ConsumerStage {
    private final SearchConfig config;
    private final Map<String, Object> kafkaConfig;
    private final DocumentEventConverter converter;
    private final DocumentIndexer indexer;
    private final FailedRecords failedRecords;
    private final IndexManager indexManager;
    private final IndexTarget target;
    private final SearchFirstWrites slicedWrites;

    /** Reads the W3C traceparent ingest-service put on a record. */
    private static final TextMapGetter<Headers> TRACE_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final Tracer tracer;

    DocumentEventConsumer(SearchConfig config, Map<String, Object> kafkaConfig, DocumentEventConverter converter,
                          DocumentIndexer indexer, DeadLetterPublisher deadLetters, IndexManager indexManager,
                          Admin admin, IndexTarget target, SearchFirstWrites slicedWrites, MeterRegistry registry,
                          Tracer tracer) {
        super("indexing", target, config, admin, registry, new CaughtUpRefresh(target.index(),
                config.consumer().caughtUpRefreshInterval(), Optional.empty(), indexManager::refresh));
        this.tracer = tracer;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.converter = converter;
        this.indexer = indexer;
        this.failedRecords = new FailedRecords(stage(), converter, indexer, deadLetters, target);
        this.indexManager = indexManager;
        this.target = target;
        this.slicedWrites = slicedWrites;
    }

    @Override
    protected void process(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records)
            throws TransientIndexingException, InterruptedException {
        index(records);
    }

    private void index(ConsumerRecords<String, String> records) throws TransientIndexingException, InterruptedException {
        List<Span> spans = new ArrayList<>();
        try {
            for (ConsumerRecord<String, String> record : records) {
                spans.add(span(record));
            }
            indexBatch(records);
        } catch (TransientIndexingException | InterruptedException | RuntimeException e) {
            spans.forEach(span -> span.setStatus(StatusCode.ERROR, e.getMessage()));
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    /**
     * The record's part of its upload's trace: a consumer span whose parent is the record's traceparent header, ended
     * once the batch is written (a batch retried after a transient failure shows as one more span).
     */
    private Span span(ConsumerRecord<String, String> record) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), record.headers(), TRACE_HEADERS);
        return tracer.spanBuilder("index " + record.topic()).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.kafka.message.key", record.key() == null ? "" : record.key())
                .setAttribute("docsearch.index", target.index()).startSpan();
    }

    private void indexBatch(ConsumerRecords<String, String> records)
            throws TransientIndexingException, InterruptedException {
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
        for (DocumentIndexer.Rejection rejection : slicedWrites.write(operations, slice -> indexer.write(target, slice))) {
            malformed.put(origins.get(rejection.operation()), DocumentIndexer.REJECTED_BY_ELASTICSEARCH + rejection.reason());
        }
        failedRecords.setAside(malformed);
    }

    @Override
    protected void setAside(ConsumerRecord<String, String> record, String reason) throws TransientIndexingException {
        failedRecords.setAside(Map.of(record, reason));
    }

    @Override
    protected Map<String, Object> consumerConfig() {
        return Batches.consumerConfig(kafkaConfig, indexManager.consumerGroup(config.consumer().groupId(), target.index()),
                config.consumer().maxPollRecords(), config.consumer().sessionTimeout());
    }
}
