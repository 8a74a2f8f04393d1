package cn.docsearch.search.health;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import cn.docsearch.search.admin.IndexLifecycle;
import cn.docsearch.search.config.SearchConfig;

/**
 * Down when the pass that keeps the stages running (and starts again one that stopped) has not ended for many
 * intervals: it hangs, and only a restart of the process helps. An outage of Elasticsearch or Kafka does not make
 * it down: the pass fails fast and is retried.
 */
@Liveness
@ApplicationScoped
public class IndexingLivenessCheck implements HealthCheck {
    private static final Duration MIN_SILENCE = Duration.ofSeconds(300);

    private final IndexLifecycle lifecycle;
    private final Duration allowedSilence;

    public IndexingLivenessCheck(IndexLifecycle lifecycle, SearchConfig config) {
        this.lifecycle = lifecycle;
        Duration tenPasses = config.index().reconcileInterval().multipliedBy(10);
        this.allowedSilence = tenPasses.compareTo(MIN_SILENCE) > 0 ? tenPasses : MIN_SILENCE;
    }

    @Override
    public HealthCheckResponse call() {
        Instant lastPass = lifecycle.lastPassEnded();
        boolean alive = lastPass.plus(allowedSilence).isAfter(Instant.now());
        return HealthCheckResponse.named("index-lifecycle").withData("lastPassEnded", lastPass.toString())
                .status(alive).build();
    }
}
