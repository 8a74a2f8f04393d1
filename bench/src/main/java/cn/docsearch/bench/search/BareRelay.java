package cn.docsearch.bench.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The least an HTTP hop in a JVM can do, for the search benchmark's floor: a plain Vert.x server that passes each
 * request on to one address and the answer back (method, path, login, content type and body; each read whole, as the
 * gateway's relay reads search-service's answers), one event loop per core, each with keep-alive connections of its
 * own. No routing, JSON, access control or metrics. Two of these chained in front of Elasticsearch show what two hops
 * cost on this machine before any work of the platform's.
 * <p>
 * Usage: {@code BareRelay <port to listen on> <host> <port to pass on to>}; runs until killed. {@link #chainOfTwo}
 * starts two, each a JVM of its own as each service is.
 */
public final class BareRelay extends AbstractVerticle {
    private final int port;
    private final String targetHost;
    private final int targetPort;
    private HttpClient client;

    private BareRelay(int port, String targetHost, int targetPort) {
        this.port = port;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String targetHost = args[1];
        int targetPort = Integer.parseInt(args[2]);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new BareRelay(port, targetHost, targetPort),
                        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .onSuccess(id -> System.out.printf("bare relay on port %d to %s:%d%n", port, targetHost, targetPort))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    /** Two relays in JVMs of their own, chained in front of one address. */
    public static final class Chain implements AutoCloseable {
        private final List<Process> processes = new ArrayList<>();
        private final List<Path> pidFiles = new ArrayList<>();
        private URI entry;

        /** Where to send a request that is to pass through both relays. */
        public URI entry() {
            return entry;
        }

        @Override
        public void close() throws IOException {
            processes.forEach(Process::destroy);
            for (Path pidFile : pidFiles) {
                Files.deleteIfExists(pidFile);
            }
        }
    }

    /**
     * Starts two relays, the first passing on to the second and the second to {@code target}, on this JVM's class path
     * (and cores: a benchmark pinned with taskset pins its children too), and waits until both listen. Their pids go
     * to {@code bench/bare-relay-1.pid} and {@code -2.pid} under the launcher's folder, where {@code CpuAccount} finds
     * them.
     */
    public static Chain chainOfTwo(URI target, Path localDir) throws IOException {
        Chain chain = new Chain();
        try {
            URI next = target;
            for (int number = 2; number >= 1; number--) {
                int port = freePort();
                Process relay = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m",
                        "-cp", System.getProperty("java.class.path"), BareRelay.class.getName(), Integer.toString(port),
                        next.getHost(), Integer.toString(next.getPort())).redirectErrorStream(true).start();
                chain.processes.add(relay);
                String firstLine = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                if (firstLine == null || !firstLine.startsWith("bare relay on port")) {
                    throw new IOException("A bare relay did not start: " + firstLine);
                }
                Path pidFile = localDir.resolve("bench/bare-relay-" + number + ".pid");
                Files.createDirectories(pidFile.getParent());
                Files.writeString(pidFile, Long.toString(relay.pid()));
                chain.pidFiles.add(pidFile);
                next = URI.create("http://127.0.0.1:" + port);
            }
            chain.entry = next;
            return chain;
        } catch (IOException | RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void start(Promise<Void> started) {
        client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(64));
        vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
                .requestHandler(this::relay)
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void relay(HttpServerRequest incoming) {
        incoming.body().compose(body -> {
            RequestOptions options = new RequestOptions().setMethod(incoming.method()).setHost(targetHost)
                    .setPort(targetPort).setURI(incoming.uri());
            copy(incoming.getHeader(HttpHeaders.AUTHORIZATION), HttpHeaders.AUTHORIZATION.toString(), options);
            copy(incoming.getHeader(HttpHeaders.CONTENT_TYPE), HttpHeaders.CONTENT_TYPE.toString(), options);
            return client.request(options).compose(outgoing -> outgoing.send(body))
                    .compose(answer -> answer.body().onSuccess(answerBody -> {
                        String type = answer.getHeader(HttpHeaders.CONTENT_TYPE);
                        if (type != null) {
                            incoming.response().putHeader(HttpHeaders.CONTENT_TYPE, type);
                        }
                        incoming.response().setStatusCode(answer.statusCode()).end(answerBody);
                    }));
        }).onFailure(failure -> incoming.response().setStatusCode(502).end(String.valueOf(failure)));
    }

    private static void copy(String value, String header, RequestOptions options) {
        if (value != null) {
            options.putHeader(header, value);
        }
    }
}
