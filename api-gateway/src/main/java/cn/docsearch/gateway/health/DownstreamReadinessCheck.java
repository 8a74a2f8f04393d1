package cn.docsearch.gateway.health;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import cn.docsearch.gateway.client.IngestServiceClient;
import cn.docsearch.gateway.client.SearchServiceClient;

/** The public API is ready when both internal services are. */
@Readiness
@ApplicationScoped
public class DownstreamReadinessCheck implements HealthCheck {
    private final IngestServiceClient ingest;
    private final SearchServiceClient search;

    public DownstreamReadinessCheck(@RestClient IngestServiceClient ingest, @RestClient SearchServiceClient search) {
        this.ingest = ingest;
        this.search = search;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("downstream");
        boolean ingestReady = probe(builder, "ingest-service", ingest::ready);
        boolean searchReady = probe(builder, "search-service", search::ready);
        return builder.status(ingestReady && searchReady).build();
    }

    private static boolean probe(HealthCheckResponseBuilder builder, String name, Supplier<Response> ready) {
        try (Response response = ready.get()) {
            boolean up = response.getStatus() == 200;
            builder.withData(name, up ? "UP" : "DOWN (" + response.getStatus() + ")");
            return up;
        } catch (RuntimeException e) {
            builder.withData(name, "unreachable");
            return false;
        }
    }
}
