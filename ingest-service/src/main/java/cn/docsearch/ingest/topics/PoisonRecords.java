package cn.docsearch.ingest.topics;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records a consumer stage of this service can never process: not JSON, JSON of another shape, no key or no value
 * where one is needed, garbage. Reading one again would fail the same way, so it is skipped (its offset passes with
 * the others), logged with where it is (topic, partition, offset, never its content, which may be huge or hostile) and
 * counted in {@code docsearch_poison_records_total{stage}}: one record never stops, stalls or crashes a stage.
 */
@ApplicationScoped
public class PoisonRecords {
    /** The registry view (documents.registry) and the backfill that writes it from the document topic. */
    public static final String REGISTRY = "registry";
    /** The job input queue and the view of job statuses. */
    public static final String JOBS = "jobs";

    private static final Logger LOG = Logger.getLogger(PoisonRecords.class);
    private static final String METER = "docsearch.poison.records";

    private final MeterRegistry meters;

    public PoisonRecords(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Skips the record: a warning saying where it is and why, and one more in the stage's count. */
    public void skip(String stage, ConsumerRecord<?, ?> record, String reason) {
        LOG.warnf("Skipping a record the %s stage can never process, %s/%d/%d: %s", stage, record.topic(),
                record.partition(), record.offset(), reason);
        Counter.builder(METER).description("Records a stage skipped because it can never process them")
                .tag("stage", stage).register(meters).increment();
    }

    /**
     * The reader, made to skip a record it fails on instead of throwing: a follower that meets an exception reads the
     * same record again, and would fail on it for ever.
     */
    public <K, V> Consumer<ConsumerRecord<K, V>> guarded(String stage, Consumer<ConsumerRecord<K, V>> reader) {
        return record -> {
            try {
                reader.accept(record);
            } catch (RuntimeException e) {
                // the exception's class only: its message may quote the record
                skip(stage, record, "reading it failed (" + e.getClass().getSimpleName() + ")");
            }
        };
    }
}
