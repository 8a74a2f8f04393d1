package cn.docsearch.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records a stage can never use: not JSON, JSON of another shape, no key or no value where one is needed. Reading one
 * again would fail the same way and hold up every record after it, so it is skipped (its offset passes with the
 * others), logged with where it is (topic, partition, offset and a reason, never its content, which may be a megabyte
 * of anything) and counted at /q/metrics as {@code docsearch_poison_records_total{stage}}. One bean per service: the
 * ingest-service's registry and jobs, the gateway's keys and audit trail.
 */
@ApplicationScoped
public class PoisonRecords {
    private static final System.Logger LOG = System.getLogger(PoisonRecords.class.getName());

    private final MeterRegistry meters;
    private final Map<String, Skipped> lastByStage = new ConcurrentHashMap<>();

    /** The latest record a stage skipped, and how many it skipped in all. */
    public record Skipped(String where, String reason, long count) {
    }

    public PoisonRecords(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Skips the record: a warning saying where it is and why, and one more in the stage's count. */
    public void skip(String stage, ConsumerRecord<?, ?> record, String reason) {
        String where = record.topic() + "/" + record.partition() + "/" + record.offset();
        LOG.log(System.Logger.Level.WARNING, "Stage {0} skips record {1}, which it can never use: {2}", stage, where,
                reason);
        Counter.builder("docsearch.poison.records").description("Records a stage skipped because it can never use them")
                .tag("stage", stage).register(meters).increment();
        lastByStage.merge(stage, new Skipped(where, reason, 1),
                (earlier, latest) -> new Skipped(latest.where(), latest.reason(), earlier.count() + 1));
    }

    /** What the stage skipped last, for readiness and statistics. */
    public Optional<Skipped> last(String stage) {
        return Optional.ofNullable(lastByStage.get(stage));
    }

    /** Why JSON could not be read, in words that quote none of it (the parser's own message would). */
    public static String reasonOf(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "JSON nested too deeply or with a value too large to read";
        }
        if (e instanceof JsonMappingException mapping) {
            String field = mapping.getPath().isEmpty() ? null
                    : mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
            return field == null ? "JSON of another shape" : "JSON of another shape ('" + field + "' has a wrong value)";
        }
        return "not JSON" + (e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }
}
