package cn.docsearch.ingest.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import cn.docsearch.ingest.kafka.DocumentRegistry;

/** Not ready until the registry has read the document log: before that, duplicates could go unnoticed. */
@Readiness
@ApplicationScoped
public class RegistryReadinessCheck implements HealthCheck {
    private final DocumentRegistry registry;

    public RegistryReadinessCheck(DocumentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("document-registry").status(registry.isCaughtUp()).build();
    }
}
