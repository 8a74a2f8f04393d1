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
import org.apache.http.client.config.RequestConfig;
import org.apache.http.message.BasicHeader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.config.SearchConfig;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.instrumentation.Instrumentation;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.transport.instrumentation.OpenTelemetryForElasticsearch;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.common.annotation.Identifier;

/**
 * The elasticsearch-java client, built directly: the Quarkus extension pins a 9.x client. Two views of one connection
 * pool: the default one waits as long as a bulk write may take; the {@value #QUERIES} one, for searches and reads a
 * person waits on, gives up after {@code search.elasticsearch.query-timeout}, so a hung node means a quick 503.
 */
public class ElasticsearchClientProducer {
    public static final String QUERIES = "queries";

    /**
     * @param tracingOff whether the service traces nothing (quarkus.otel.sdk.disabled): the client's own OpenTelemetry
     *                   instrumentation, on by default, would otherwise still build a span for every request (about 2 % of
     *                   search-service's time per search, measured); with tracing on, its spans join the service's traces
     */
    @Produces
    @Singleton
    ElasticsearchClient elasticsearchClient(SearchConfig config, ObjectMapper objectMapper, OpenTelemetry openTelemetry,
                                            @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff) {
        SearchConfig.Elasticsearch elasticsearch = config.elasticsearch();
        Optional<String> authorization = elasticsearch.username().map(user -> "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + elasticsearch.password().orElse("")).getBytes(StandardCharsets.UTF_8)));
        Instrumentation instrumentation = tracingOff ? NoopInstrumentation.INSTANCE
                : new OpenTelemetryForElasticsearch(openTelemetry, false);
        return build(elasticsearch.hosts(), authorization, elasticsearch.connectTimeout(), elasticsearch.socketTimeout(),
                objectMapper, instrumentation);
    }

    @Produces
    @Singleton
    @Identifier(QUERIES)
    ElasticsearchClient queryClient(ElasticsearchClient client, SearchConfig config) {
        return withTimeout(client, config.elasticsearch().connectTimeout(), config.elasticsearch().queryTimeout());
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
                .build();
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper(objectMapper), null,
                instrumentation));
    }

    /** The same client (and connections) with other timeouts for each of its requests. */
    public static ElasticsearchClient withTimeout(ElasticsearchClient client, Duration connectTimeout, Duration socketTimeout) {
        RequestConfig timeouts = RequestConfig.custom().setConnectTimeout((int) connectTimeout.toMillis())
                .setSocketTimeout((int) socketTimeout.toMillis()).build();
        return client.withTransportOptions(options -> {
            ((RestClientOptions.Builder) options).restClientRequestOptionsBuilder().setRequestConfig(timeouts);
            return options;
        });
    }

    void close(@Disposes ElasticsearchClient client) throws IOException {
        client._transport().close();
    }
}
