package cn.docsearch.search.index;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.config.SearchConfig;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.smallrye.common.annotation.Identifier;

/**
 * The elasticsearch-java client, built directly: the Quarkus extension pins a 9.x client. Two views of one connection
 * pool: the default one waits as long as a bulk write may take; the {@value #QUERIES} one, for searches and reads a
 * person waits on, gives up after {@code search.elasticsearch.query-timeout}, so a hung node means a quick 503.
 */
public class ElasticsearchClientProducer {
    public static final String QUERIES = "queries";

    @Produces
    @Singleton
    ElasticsearchClient elasticsearchClient(SearchConfig config, ObjectMapper objectMapper) {
        SearchConfig.Elasticsearch elasticsearch = config.elasticsearch();
        return build(elasticsearch.hosts(), elasticsearch.connectTimeout(), elasticsearch.socketTimeout(), objectMapper);
    }

    @Produces
    @Singleton
    @Identifier(QUERIES)
    ElasticsearchClient queryClient(ElasticsearchClient client, SearchConfig config) {
        return withTimeout(client, config.elasticsearch().connectTimeout(), config.elasticsearch().queryTimeout());
    }

    public static ElasticsearchClient build(List<String> hosts, Duration connectTimeout, Duration socketTimeout,
                                            ObjectMapper objectMapper) {
        RestClient restClient = RestClient.builder(hosts.stream().map(HttpHost::create).toArray(HttpHost[]::new))
                .setRequestConfigCallback(request -> request
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        .setSocketTimeout((int) socketTimeout.toMillis()))
                .build();
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper(objectMapper)));
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
