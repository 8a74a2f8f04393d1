package cn.docsearch.search.indexing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import cn.docsearch.search.index.DocumentIndexer;
import cn.docsearch.search.index.IndexTarget;
import cn.docsearch.search.index.IndexingFailure;
import cn.docsearch.search.index.TransientIndexingException;

/**
 * What a stage does with records it can never process: why, kept under the document id (the status API and the
 * statistics show it), and the record itself on the dead-letter topic with its reason, origin and stage. Only the
 * live index's stages dead-letter: a stage filling an index beside it sees the same events.
 */
final class FailedRecords {
    private static final Logger LOG = Logger.getLogger(FailedRecords.class);

    private final String stage;
    private final DocumentEventConverter converter;
    private final DocumentIndexer indexer;
    private final DeadLetterPublisher deadLetters;
    private final IndexTarget target;

    FailedRecords(String stage, DocumentEventConverter converter, DocumentIndexer indexer, DeadLetterPublisher deadLetters,
                  IndexTarget target) {
        this.stage = stage;
        this.converter = converter;
        this.indexer = indexer;
        this.deadLetters = deadLetters;
        this.target = target;
    }

    /** Returns once every reason is recorded and every record dead-lettered; a failure to do so is transient. */
    void setAside(Map<ConsumerRecord<String, String>, String> reasons) throws TransientIndexingException {
        List<IndexingFailure> failures = new ArrayList<>();
        Instant now = Instant.now();
        reasons.forEach((record, reason) -> {
            if (record.key() != null && !record.key().isBlank()) {
                failures.add(converter.failure(record, reason, stage, now));
            }
        });
        indexer.recordFailures(failures);
        if (!target.live()) {
            return;
        }
        for (Map.Entry<ConsumerRecord<String, String>, String> entry : reasons.entrySet()) {
            ConsumerRecord<String, String> record = entry.getKey();
            LOG.warnf("Dead-lettering %s (%s): %s", DocumentEventConverter.origin(record), stage, entry.getValue());
            deadLetters.send(record, entry.getValue(), stage);
        }
    }
}
