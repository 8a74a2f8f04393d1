package cn.docsearch.search.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import cn.docsearch.search.kafka.ConsumerStage;
import cn.docsearch.search.kafka.DocumentEventConsumer;
import cn.docsearch.search.kafka.PassageEmbeddingConsumer;
import co.elastic.clients.elasticsearch.ElasticsearchClient;

/**
 * Ready when Elasticsearch answers and both stages (indexing, embedding) run; each stage's lag (events of this
 * instance's partitions not done yet) is shown, and its last failure when there is one.
 */
@Readiness
@ApplicationScoped
public class IndexingReadinessCheck implements HealthCheck {
    private final ElasticsearchClient client;
    private final DocumentEventConsumer indexing;
    private final PassageEmbeddingConsumer embedding;

    public IndexingReadinessCheck(ElasticsearchClient client, DocumentEventConsumer indexing,
                                  PassageEmbeddingConsumer embedding) {
        this.client = client;
        this.indexing = indexing;
        this.embedding = embedding;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("indexing");
        boolean elasticsearchUp;
        try {
            String status = client.cluster().health().status().jsonValue();
            builder.withData("elasticsearch", status);
            elasticsearchUp = !"red".equals(status);
        } catch (Exception e) {
            builder.withData("elasticsearch", "unreachable: " + e.getMessage());
            elasticsearchUp = false;
        }
        describe(builder, "indexing", indexing);
        describe(builder, "embedding", embedding);
        return builder.status(elasticsearchUp && indexing.isRunning() && embedding.isRunning()).build();
    }

    private static void describe(HealthCheckResponseBuilder builder, String name, ConsumerStage stage) {
        builder.withData(name, stage.isRunning() ? "running" : "stopped");
        builder.withData(name + "Lag", stage.lag());
        if (stage.lastFailure() != null) {
            builder.withData(name + "LastFailure", stage.lastFailure());
        }
    }
}
