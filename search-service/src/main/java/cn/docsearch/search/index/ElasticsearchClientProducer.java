package cn.docsearch.search.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.http.Header;
import org.apache.http.HttpHeaders;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.config.SearchConfig;
import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.DefaultTransportOptions;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.instrumentation.Instrumentation;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.transport.instrumentation.OpenTelemetryForElasticsearch;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;

/**
 * The elasticsearch-java clients, built directly: the Quarkus extension pins a 9.x client. The default one, for writes
 * and index administration, runs on the Apache client and waits as long as a bulk write may take. The {@value #QUERIES}
 * ones, for searches and reads a person waits on, run on Vert.x ({@link EventLoopHttpClient}: a search stays on the
 * event loop it came in on) and give up after {@code search.elasticsearch.query-timeout}, so a hung node means a quick
 * 503; the async one serves keyword searches without leaving the event loop, the blocking one the other reads, on
 * worker threads.
 */
public class ElasticsearchClientProducer {
    public static final String QUERIES = "queries";

    @Produces
    @Singleton
    ElasticsearchClient elasticsearchClient(SearchConfig config, ObjectMapper objectMapper, Instrumentation instrumentation) {
        SearchConfig.Elasticsearch elasticsearch = config.elasticsearch();
        return build(elasticsearch.hosts(), authorization(elasticsearch), elasticsearch.connectTimeout(),
                elasticsearch.socketTimeout(), objectMapper, instrumentation);
    }

    /**
     * @param tracingOff whether the service traces nothing (quarkus.otel.sdk.disabled): the client's own OpenTelemetry
     *                   instrumentation, on by default, would otherwise still build a span for every request (about 2 % of
     *                   search-service's time per search, measured); with tracing on, its spans join the service's traces
     */
    @Produces
    @Singleton
    Instrumentation instrumentation(OpenTelemetry openTelemetry,
                                    @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff) {
        return tracingOff ? NoopInstrumentation.INSTANCE : new OpenTelemetryForElasticsearch(openTelemetry, false);
    }

    @Produces
    @Singleton
    @Identifier(QUERIES)
    ElasticsearchTransport queryTransport(Vertx vertx, SearchConfig config, ObjectMapper objectMapper,
                                          Instrumentation instrumentation) {
        SearchConfig.Elasticsearch elasticsearch = config.elasticsearch();
        return queryTransport(new EventLoopHttpClient(vertx, elasticsearch.hosts(), authorization(elasticsearch),
                elasticsearch.connectTimeout(), elasticsearch.queryTimeout()), objectMapper, instrumentation);
    }

    @Produces
    @Singleton
    @Identifier(QUERIES)
    ElasticsearchClient queryClient(@Identifier(QUERIES) ElasticsearchTransport transport) {
        return new ElasticsearchClient(transport);
    }

    @Produces
    @Singleton
    @Identifier(QUERIES)
    ElasticsearchAsyncClient asyncQueryClient(@Identifier(QUERIES) ElasticsearchTransport transport) {
        return new ElasticsearchAsyncClient(transport);
    }

    public static ElasticsearchTransport queryTransport(EventLoopHttpClient http, ObjectMapper objectMapper,
                                                        Instrumentation instrumentation) {
        return new ElasticsearchTransportBase(http, new DefaultTransportOptions(), new JacksonJsonpMapper(objectMapper),
                instrumentation) {
        };
    }

    private static Optional<String> authorization(SearchConfig.Elasticsearch elasticsearch) {
        return elasticsearch.username().map(user -> "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + elasticsearch.password().orElse("")).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param authorization the {@code Authorization} header sent with every request: up front, not after a 401
     *                      challenge, which would double every round trip
     */
    public static ElasticsearchClient build(List<String> hosts, Optional<String> authorization, Duration connectTimeout,
                                            Duration socketTimeout, ObjectMapper objectMapper,
                                            Instrumentation instrumentation) {
        Header[] headers = authorization.map(value -> new Header[] {new BasicHeader(HttpHeaders.AUTHORIZATION, value)})
                .orElse(new Header[0]);
        RestClient restClient = RestClient.builder(hosts.stream().map(HttpHost::create).toArray(HttpHost[]::new))
                .setDefaultHeaders(headers)
                .setRequestConfigCallback(request -> request
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        .setSocketTimeout((int) socketTimeout.toMillis()))
                // the login goes in a header of every request; Apache's auth cache would deserialize (Java
                // serialization) a scheme for every request to find nothing to do, and no node sets cookies
                .setHttpClientConfigCallback(client -> client.disableAuthCaching().disableCookieManagement())
                .build();
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper(objectMapper), null,
                instrumentation));
    }

    void close(@Disposes ElasticsearchClient client) throws IOException {
        client._transport().close();
    }

    void close(@Disposes @Identifier(QUERIES) ElasticsearchTransport transport) throws IOException {
        transport.close();
    }
}
