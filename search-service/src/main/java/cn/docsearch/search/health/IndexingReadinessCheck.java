package cn.docsearch.search.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import cn.docsearch.search.kafka.DocumentEventConsumer;
import co.elastic.clients.elasticsearch.ElasticsearchClient;

/** Ready when Elasticsearch answers and the indexing loop runs; its last failure is shown when there is one. */
@Readiness
@ApplicationScoped
public class IndexingReadinessCheck implements HealthCheck {
    private final ElasticsearchClient client;
    private final DocumentEventConsumer consumer;

    public IndexingReadinessCheck(ElasticsearchClient client, DocumentEventConsumer consumer) {
        this.client = client;
        this.consumer = consumer;
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
        builder.withData("consumer", consumer.isRunning() ? "running" : "stopped");
        if (consumer.lastFailure() != null) {
            builder.withData("lastFailure", consumer.lastFailure());
        }
        return builder.status(elasticsearchUp && consumer.isRunning()).build();
    }
}
