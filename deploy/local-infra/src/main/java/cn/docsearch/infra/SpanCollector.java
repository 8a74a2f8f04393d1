package cn.docsearch.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for an OpenTelemetry collector, for the test platform: it takes the services' OTLP/HTTP exports
 * (POST /v1/traces, protobuf) and keeps them, so that a test can tell which services exported spans of a trace.
 */
public final class SpanCollector {
    private final HttpServer server;
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();

    private SpanCollector(HttpServer server) {
        this.server = server;
    }

    public static SpanCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SpanCollector collector = new SpanCollector(server);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    collector.exports.add(body.readAllBytes());
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where services send their spans (quarkus.otel.exporter.otlp.traces.endpoint). */
    public String tracesEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    /**
     * Whether a service exported a span of the trace: an export of the service (its service.name is in each export's
     * resource) that holds the trace id's 16 bytes (spans carry it raw).
     */
    public boolean received(String traceIdHex, String serviceName) {
        return received(traceIdHex, serviceName, serviceName);
    }

    /** The same, with {@code text} (an attribute's name or value) in that export too. */
    public boolean received(String traceIdHex, String serviceName, String text) {
        byte[] traceId = HexFormat.of().parseHex(traceIdHex);
        byte[] service = serviceName.getBytes(StandardCharsets.UTF_8);
        byte[] attribute = text.getBytes(StandardCharsets.UTF_8);
        return exports.stream().anyMatch(export -> contains(export, service) && contains(export, traceId)
                && contains(export, attribute));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
