package cn.docsearch.gateway.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records the gateway's stages (the keys it follows, the audit trail it reads) skip because they can never be used:
 * not JSON, JSON of another shape, no value. Such a record is skipped, never retried: retrying it would hold up every
 * record after it. Each is logged once as a warning with its topic, partition, offset and reason (never its content,
 * which may be a megabyte of anything) and counted at /q/metrics as {@code docsearch_poison_records_total{stage}}.
 */
@ApplicationScoped
public class PoisonRecords {
    private static final Logger LOG = Logger.getLogger(PoisonRecords.class);

    private final MeterRegistry registry;
    private final Map<String, Skipped> lastByStage = new ConcurrentHashMap<>();

    /** The latest record a stage skipped, and how many it skipped in all. */
    public record Skipped(String where, String reason, long count) {
    }

    public PoisonRecords(MeterRegistry registry) {
        this.registry = registry;
    }

    public void skip(String stage, ConsumerRecord<?, ?> record, String reason) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        LOG.warnf("Stage %s skipped record %s: %s", stage, where, reason);
        Counter.builder("docsearch.poison.records").description("Records a stage skipped because it can never use them")
                .tag("stage", stage).register(registry).increment();
        lastByStage.merge(stage, new Skipped(where, reason, 1),
                (earlier, latest) -> new Skipped(latest.where(), latest.reason(), earlier.count() + 1));
    }

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
