package cn.docsearch.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A readiness probe: true when the URL answers 200. */
final class HttpProbe {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpProbe() {
    }

    static boolean answers200(String url) {
        return answers200(HttpRequest.newBuilder(URI.create(url)));
    }

    /** @param authorization the {@code Authorization} header to send */
    static boolean answers200(String url, String authorization) {
        return answers200(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization));
    }

    private static boolean answers200(HttpRequest.Builder builder) {
        try {
            HttpRequest request = builder.timeout(Duration.ofSeconds(5)).GET().build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
