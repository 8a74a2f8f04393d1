package cn.docsearch.ingest.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import cn.docsearch.ingest.registry.DocumentRegistry;
import cn.docsearch.ingest.writer.PartitionWriters;

/**
 * Not ready until the registry has read the registry topic and this instance's writers have taken their partitions
 * over (a topic from before the registry topic included): before that, duplicates could go unnoticed or a document
 * read as unknown.
 */
@Readiness
@ApplicationScoped
public class RegistryReadinessCheck implements HealthCheck {
    private final DocumentRegistry registry;
    private final PartitionWriters writers;

    public RegistryReadinessCheck(DocumentRegistry registry, PartitionWriters writers) {
        this.registry = registry;
        this.writers = writers;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("document-registry").status(registry.isCaughtUp() && writers.writersReady())
                .withData("documents", registry.documentCount()).build();
    }
}
