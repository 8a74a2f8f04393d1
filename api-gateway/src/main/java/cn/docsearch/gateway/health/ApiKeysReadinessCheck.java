package cn.docsearch.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import cn.docsearch.gateway.auth.kafka.ApiKeyTopic;

/** Ready once the keys have been read from Kafka: before, a valid key would be answered 503. */
@Readiness
@ApplicationScoped
public class ApiKeysReadinessCheck implements HealthCheck {
    private final ApiKeyTopic keys;

    public ApiKeysReadinessCheck(ApiKeyTopic keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("api-keys").status(keys.isReady()).build();
    }
}
