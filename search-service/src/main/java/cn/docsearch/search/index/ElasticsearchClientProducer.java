package cn.docsearch.search.index;

import java.io.IOException;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.config.SearchConfig;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;

/** The elasticsearch-java client, built directly: the Quarkus extension pins a 9.x client. */
public class ElasticsearchClientProducer {

    @Produces
    @Singleton
    ElasticsearchClient elasticsearchClient(SearchConfig config, ObjectMapper objectMapper) {
        HttpHost[] hosts = config.elasticsearch().hosts().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        RestClient restClient = RestClient.builder(hosts)
                .setRequestConfigCallback(request -> request
                        .setConnectTimeout((int) config.elasticsearch().connectTimeout().toMillis())
                        .setSocketTimeout((int) config.elasticsearch().socketTimeout().toMillis()))
                .build();
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper(objectMapper)));
    }

    void close(@Disposes ElasticsearchClient client) throws IOException {
        client._transport().close();
    }
}
