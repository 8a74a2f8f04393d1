package cn.docsearch.search.health;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import cn.docsearch.search.admin.IndexLifecycle;
import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.index.IndexManager;
import cn.docsearch.search.indexing.ConsumerStage;
import cn.docsearch.search.indexing.IndexingPipeline;

/**
 * Ready when Elasticsearch answers and the stages this instance's roles run for the live index (indexing,
 * embedding) run; each stage's lag
 * (events of this instance's partitions not done yet) is shown, and its last failure when there is one, for the
 * index being built too. A stage that has failed on the same batch for longer than
 * {@code search.consumer.stalled-after} is shown as stalled, with the partition and offset it is stuck at; that alone
 * does not make the service unready, since it still answers searches (only Kafka or Elasticsearch being away can
 * stall a stage for that long: a record the stage cannot process is set aside after a few attempts).
 */
@Readiness
@ApplicationScoped
public class IndexingReadinessCheck implements HealthCheck {
    private final SearchConfig config;
    private final IndexManager indexManager;
    private final IndexLifecycle lifecycle;

    public IndexingReadinessCheck(SearchConfig config, IndexManager indexManager, IndexLifecycle lifecycle) {
        this.config = config;
        this.indexManager = indexManager;
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("indexing");
        boolean elasticsearchUp;
        try {
            String status = indexManager.clusterStatus();
            builder.withData("elasticsearch", status);
            elasticsearchUp = !"red".equals(status);
        } catch (Exception e) {
            builder.withData("elasticsearch", "unreachable: " + e.getMessage());
            elasticsearchUp = false;
        }
        Optional<IndexingPipeline> live = lifecycle.live();
        builder.withData("roles", config.roles().stream().map(role -> role.name().toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(",")));
        if (live.isPresent()) {
            builder.withData("index", live.get().target().index());
            live.get().stages().forEach(stage -> describe(builder, stage.stage(), stage));
        } else {
            builder.withData("indexing", "not started");
        }
        lifecycle.building().ifPresent(building -> {
            builder.withData("building", building.target().index());
            building.stages().forEach(stage -> describe(builder, "building" + Character.toUpperCase(stage.stage().charAt(0))
                    + stage.stage().substring(1), stage));
        });
        if (lifecycle.lastFailure() != null) {
            builder.withData("layoutLastFailure", lifecycle.lastFailure());
        }
        // an instance that only answers queries runs no stage: it is ready once the live index is known
        boolean stagesRunning = live.isPresent() && live.get().isRunning();
        return builder.status(elasticsearchUp && stagesRunning).build();
    }

    private static void describe(HealthCheckResponseBuilder builder, String name, ConsumerStage stage) {
        builder.withData(name, stage.isRunning() ? "running" : "stopped");
        builder.withData(name + "Lag", stage.lag());
        if (stage.lastFailure() != null) {
            builder.withData(name + "LastFailure", stage.lastFailure());
        }
        stage.stalled().ifPresent(stall -> builder.withData(name + "Stalled", stall));
    }
}
