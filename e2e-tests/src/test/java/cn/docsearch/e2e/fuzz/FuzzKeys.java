package cn.docsearch.e2e.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.LocalPlatform;

/** The key a fuzz test sends its requests with: a role of its choice and a rate no fuzz reaches. */
final class FuzzKeys {
    private FuzzKeys() {
    }

    /** Creates the key with the platform's admin key; returns its secret. */
    static String create(HttpClient http, LocalPlatform platform, String name, String role) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/v1/admin/keys"))
                .header(LocalPlatform.API_KEY_HEADER, platform.adminKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"role\":\"" + role
                        + "\",\"requestsPerSecond\":100000}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201 && created.statusCode() != 200) {
            throw new IllegalStateException("Could not create the fuzz key: " + created.statusCode() + " " + created.body());
        }
        return new ObjectMapper().readTree(created.body()).path("secret").asText();
    }
}
