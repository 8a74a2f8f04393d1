package cn.docsearch.search.metrics;

import java.time.Duration;
import java.util.function.ToLongFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What operators watch of indexing and search (at /q/metrics, Prometheus names in brackets): bulk requests' latency
 * and size ({@code docsearch_bulk_seconds}, {@code docsearch_bulk_documents}), events that can never be indexed by
 * cause ({@code docsearch_indexing_failures_total}) and those dead-lettered ({@code docsearch_dead_letters_total}),
 * each stage's lag over the topic ({@code docsearch_stage_lag}: stage indexing, and embedding, the embedding backlog),
 * search latency by mode ({@code docsearch_search_seconds}), and the time the keyword stage's writes stood aside for
 * searches ({@code docsearch_indexing_yielded_seconds}). Each stage reports the lag of the partitions it holds itself
 * ({@code docsearch_partition_lag}, in {@code ConsumerStage}), beside Kafka's own
 * {@code kafka_consumer_fetch_manager_records_lag}.
 */
@ApplicationScoped
public class SearchMetrics {
    /** A failure's cause: Elasticsearch refused the document, or the event could not be read. */
    public static final String REJECTED = "rejected";
    public static final String MALFORMED = "malformed";

    private final MeterRegistry registry;
    private final Timer bulk;
    private final DistributionSummary bulkDocuments;
    private final Counter deadLetters;

    public SearchMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bulk = Timer.builder("docsearch.bulk").description("Bulk requests to Elasticsearch")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.bulkDocuments = DistributionSummary.builder("docsearch.bulk.documents")
                .description("Operations per bulk request").register(registry);
        this.deadLetters = Counter.builder("docsearch.dead.letters").description("Events sent to the dead-letter topic")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void bulk(Duration took, int operations) {
        bulk.record(took);
        bulkDocuments.record(operations);
    }

    public void indexingFailure(String cause) {
        Counter.builder("docsearch.indexing.failures").description("Events that can never be indexed, by cause")
                .tag("cause", cause).register(registry).increment();
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    public void searched(String mode, Duration took) {
        Timer.builder("docsearch.search").description("Searches answered, by mode").tag("mode", mode)
                .publishPercentiles(0.5, 0.99).register(registry).record(took);
    }

    /** A semantic or hybrid search answered without its vector side (the side named), by mode. */
    public void degraded(String mode, String side) {
        Counter.builder("docsearch.search.degraded").description("Searches answered without one of their sides, by mode and side")
                .tag("mode", mode).tag("side", side).register(registry).increment();
    }

    /** How long the keyword stage waited for this instance's searches before each slice it wrote into the index. */
    public Timer indexingYielded(String index) {
        return Timer.builder("docsearch.indexing.yielded")
                .description("Time the keyword stage's writes waited for searches").tag("index", index)
                .register(registry);
    }

    /** A stage's lag, read when scraped; -1 while the stage is not running. */
    public <T> void stageLag(String stage, T source, ToLongFunction<T> lag) {
        Gauge.builder("docsearch.stage.lag", source, s -> lag.applyAsLong(s))
                .description("Events of the live index's partitions not yet done by the stage").tag("stage", stage)
                .register(registry);
    }
}
