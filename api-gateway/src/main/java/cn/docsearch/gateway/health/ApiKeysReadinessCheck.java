package cn.docsearch.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import cn.docsearch.gateway.auth.kafka.ApiKeyTopic;
import cn.docsearch.kafka.PoisonRecords;

/**
 * Ready once the keys have been read from Kafka: before, a valid key would be answered 503. Records of the keys' topic
 * that could never be keys were skipped, not waited on: they are shown (how many, the latest and why) without making
 * the gateway unready.
 */
@Readiness
@ApplicationScoped
public class ApiKeysReadinessCheck implements HealthCheck {
    private final ApiKeyTopic keys;
    private final PoisonRecords poisonRecords;

    public ApiKeysReadinessCheck(ApiKeyTopic keys, PoisonRecords poisonRecords) {
        this.keys = keys;
        this.poisonRecords = poisonRecords;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("api-keys").status(keys.isReady());
        poisonRecords.last(ApiKeyTopic.STAGE).ifPresent(skipped -> builder
                .withData("skippedRecords", skipped.count())
                .withData("lastSkippedRecord", skipped.where() + ": " + skipped.reason()));
        return builder.build();
    }
}
