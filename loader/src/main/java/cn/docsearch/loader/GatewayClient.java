package cn.docsearch.loader;

import java.net.http.HttpClient;
import java.time.Duration;

import cn.docsearch.client.ApiClient;

/** A client of the public API (generated from the gateway's OpenAPI document) that sends an API key with each call. */
public final class GatewayClient {
    /** The header the gateway takes an API key in (its OpenAPI document's security scheme apiKey). */
    public static final String API_KEY_HEADER = "X-API-Key";

    private GatewayClient() {
    }

    public static ApiClient create(String gatewayUrl, String apiKey) {
        return new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)),
                ApiClient.createDefaultObjectMapper(), gatewayUrl)
                .setReadTimeout(Duration.ofMinutes(5))
                .setRequestInterceptor(request -> request.header(API_KEY_HEADER, apiKey));
    }
}
