package cn.docsearch.gateway.health;

import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import cn.docsearch.gateway.client.IngestService;
import cn.docsearch.gateway.client.SearchService;

/** The public API is ready when both internal services are. */
@Readiness
@ApplicationScoped
public class DownstreamReadinessCheck implements HealthCheck {
    private final IngestService ingest;
    private final SearchService search;

    public DownstreamReadinessCheck(IngestService ingest, SearchService search) {
        this.ingest = ingest;
        this.search = search;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("downstream");
        boolean ingestReady = probe(builder, "ingest-service", ingest::readiness);
        boolean searchReady = probe(builder, "search-service", search::readiness);
        return builder.status(ingestReady && searchReady).build();
    }

    private static boolean probe(HealthCheckResponseBuilder builder, String name, IntSupplier readiness) {
        try {
            int status = readiness.getAsInt();
            boolean up = status == 200;
            builder.withData(name, up ? "UP" : "DOWN (" + status + ")");
            return up;
        } catch (RuntimeException e) {
            builder.withData(name, "unreachable");
            return false;
        }
    }
}
