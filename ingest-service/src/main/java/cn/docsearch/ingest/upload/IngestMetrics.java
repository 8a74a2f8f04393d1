package cn.docsearch.ingest.upload;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import cn.docsearch.ingest.document.IngestOutcome;

/**
 * What operators watch of ingestion (at /q/metrics): {@code docsearch_documents_total} by outcome (accepted,
 * duplicate, refused) and refusal reason (the problem type), and {@code docsearch_publish_seconds}, the time from a
 * document handed to its partition's writer to Kafka's commit of it.
 */
@ApplicationScoped
public class IngestMetrics {
    private static final String DOCUMENTS = "docsearch.documents";
    private static final String NO_REASON = "none";

    private final MeterRegistry registry;
    private final Timer publish;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.publish = Timer.builder("docsearch.publish").description("From a document handed to its writer to Kafka's commit")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    void outcome(IngestOutcome outcome) {
        documents(outcome.status(), NO_REASON).increment();
    }

    void refused(String reason) {
        documents("refused", reason).increment();
    }

    void published(Duration took) {
        publish.record(took);
    }

    private Counter documents(String outcome, String reason) {
        return Counter.builder(DOCUMENTS).description("Documents submitted, by outcome and refusal reason")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }
}
