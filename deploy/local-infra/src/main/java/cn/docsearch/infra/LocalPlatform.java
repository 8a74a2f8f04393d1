package cn.docsearch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole platform on one machine: Kafka and Elasticsearch (started concurrently, they are the
 * slow part), then the services wired to them. Used by deploy/local/up.sh and by the test harnesses.
 */
public final class LocalPlatform {

    public enum Component { KAFKA, ELASTICSEARCH, INGEST, SEARCH, GATEWAY }

    public static final Set<Component> INFRASTRUCTURE = EnumSet.of(Component.KAFKA, Component.ELASTICSEARCH);
    public static final String INTERNAL_TOKEN_HEADER = "X-Docsearch-Internal-Token";
    /** The header the gateway takes an API key in. */
    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String INTERNAL_TOKEN_FILE = "internal-token";
    private static final String ADMIN_KEY_FILE = "admin-key";
    private static final String KAFKA_PASSWORD_FILE = "kafka-password";
    private static final String ELASTICSEARCH_PASSWORD_FILE = "elasticsearch-password";
    /** The user the services log in to Kafka and Elasticsearch as. */
    private static final String SERVICE_USER = "docsearch";
    private static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";
    /** The services' settings that are secrets: passed in their environment, not on their command line. */
    private static final Set<String> SECRET_SETTINGS = Set.of("kafka.sasl.jaas.config", "search.elasticsearch.password",
            "ingest.internal-token", "search.internal-token", "gateway.internal-token", "gateway.auth.bootstrap-admin-key");
    private static final String LOOPBACK_ONLY = "quarkus.http.host";
    private static final String LOOPBACK = "127.0.0.1";

    private final PlatformSettings settings;
    private final KafkaBroker kafka;
    private final ElasticsearchNode elasticsearch;
    private final JavaService ingest;
    private final JavaService search;
    private final JavaService gateway;
    private final Distribution distribution;
    private final String tracesEndpoint;
    /** Instances started beside the platform's own ones (several ingest-service or search-service instances). */
    private final List<ExtraInstance> extraInstances = new ArrayList<>();
    /** Numbers them in their names and logs: the platform's own instance is the first. */
    private int extraInstancesStarted = 1;

    private record ExtraInstance(Component component, JavaService service) {
    }

    public LocalPlatform(PlatformSettings settings, Distribution distribution) {
        this(settings, distribution, null);
    }

    /** @param tracesEndpoint where the services export their spans (OTLP/HTTP); null: their configured default */
    public LocalPlatform(PlatformSettings settings, Distribution distribution, String tracesEndpoint) {
        this.settings = settings;
        this.tracesEndpoint = tracesEndpoint;
        this.distribution = distribution;
        Path home = settings.home();
        this.kafka = new KafkaBroker(distribution, home.resolve("kafka"), settings.kafkaPort(),
                settings.kafkaControllerPort(), settings.kafkaHeap(), SERVICE_USER, kafkaPassword(), settings.intakePriority());
        this.elasticsearch = new ElasticsearchNode(distribution, home.resolve("elasticsearch"),
                settings.elasticsearchPort(), settings.elasticsearchTransportPort(), settings.elasticsearchHeap(),
                SERVICE_USER, elasticsearchPassword());
        this.ingest = ingestService("ingest-service", settings.ingestPort(), Map.of());
        this.search = searchService("search-service", settings.searchPort(), Map.of());
        Map<String, String> gatewaySettings = new LinkedHashMap<>(kafkaServiceConfig());
        gatewaySettings.put("quarkus.rest-client.ingest-service.url", ingest.url());
        gatewaySettings.put("quarkus.rest-client.search-service.url", search.url());
        gatewaySettings.put("gateway.internal-token", internalToken());
        gatewaySettings.put("gateway.auth.bootstrap-admin-key", adminKey());
        this.gateway = new JavaService("api-gateway", quarkusJar(distribution.repositoryRoot(), "api-gateway"),
                settings.gatewayPort(), traced(gatewaySettings), SECRET_SETTINGS, home.resolve("services"),
                settings.searchPriority());
    }

    /**
     * The other instances reach an instance at its loopback address (the local platform is one machine). Like Kafka
     * and Elasticsearch, the internal services listen on loopback only, and answer only calls with the platform's
     * internal token: the gateway is the platform's one entry.
     */
    private JavaService ingestService(String name, int port, Map<String, String> own) {
        Map<String, String> properties = new LinkedHashMap<>(kafkaServiceConfig());
        properties.put("ingest.advertised-url", "http://127.0.0.1:" + port);
        properties.put("ingest.internal-token", internalToken());
        properties.put(LOOPBACK_ONLY, LOOPBACK);
        properties.putAll(own);
        return new JavaService(name, quarkusJar(distribution.repositoryRoot(), "ingest-service"), port,
                traced(properties), SECRET_SETTINGS, settings.home().resolve("services"), settings.intakePriority());
    }

    private JavaService searchService(String name, int port, Map<String, String> own) {
        Map<String, String> properties = new LinkedHashMap<>(kafkaServiceConfig());
        properties.putAll(elasticsearchServiceConfig());
        properties.put("search.internal-token", internalToken());
        properties.put(LOOPBACK_ONLY, LOOPBACK);
        properties.putAll(own);
        return new JavaService(name, quarkusJar(distribution.repositoryRoot(), "search-service"), port,
                traced(properties), SECRET_SETTINGS, settings.home().resolve("services"), settings.searchPriority());
    }

    /** A service's settings, with tracing on and where to export its spans when the platform was given a collector. */
    private Map<String, String> traced(Map<String, String> properties) {
        if (tracesEndpoint == null) {
            return properties;
        }
        Map<String, String> traced = new LinkedHashMap<>(properties);
        traced.put("quarkus.otel.exporter.otlp.traces.endpoint", tracesEndpoint);
        traced.put("quarkus.otel.sdk.disabled", "false");
        // exported within a fifth of a second, so a test sees a trace soon after the work
        traced.put("quarkus.otel.bsp.schedule.delay", "200ms");
        return traced;
    }

    /**
     * A random secret the platform's services share (the gateway sends it to ingest-service and search-service, which
     * answer no one without it), kept in its home so that restarts agree. Tests and benchmarks that call a service
     * directly send it in {@link #INTERNAL_TOKEN_HEADER}.
     */
    public String internalToken() {
        return secret(settings.home(), INTERNAL_TOKEN_FILE, "");
    }

    /** The token of the platform whose home this is (for example .local), for a benchmark that calls a service directly. */
    public static String internalToken(Path home) throws IOException {
        return Files.readString(secretFile(home, INTERNAL_TOKEN_FILE)).strip();
    }

    /**
     * The gateway's bootstrap admin key (an admin of every collection, not rate-limited), made once per platform and
     * kept in its home; up.sh prints it. Tests, benchmarks and the sample loading send it in {@link #API_KEY_HEADER}.
     */
    public String adminKey() {
        return secret(settings.home(), ADMIN_KEY_FILE, "dsk_admin_");
    }

    /** The bootstrap admin key of the platform whose home this is (for example .local). */
    public static String adminKey(Path home) throws IOException {
        return Files.readString(secretFile(home, ADMIN_KEY_FILE)).strip();
    }

    private static String secret(Path home, String name, String prefix) {
        Path file = secretFile(home, name);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                Files.writeString(file, prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            }
            // readable by the platform's user only (also a secret an older launcher wrote with the default mode)
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep a secret in " + file, e);
        }
    }

    private static Path secretFile(Path home, String name) {
        return home.resolve("services").resolve(name);
    }

    /** The password of the platform's Kafka user, made once per platform and kept in its home. */
    private String kafkaPassword() {
        return secret(settings.home(), KAFKA_PASSWORD_FILE, "");
    }

    /** The password of the platform's Elasticsearch user, made once per platform and kept in its home. */
    private String elasticsearchPassword() {
        return secret(settings.home(), ELASTICSEARCH_PASSWORD_FILE, "");
    }

    /**
     * Settings for a Kafka client of this platform (a test, a benchmark, an operator's tool): the bootstrap servers and
     * the platform's SASL/SCRAM login, which the broker requires.
     */
    public Map<String, Object> kafkaClientConfig() {
        return kafkaClientConfig(kafka.bootstrapServers(), kafkaPassword());
    }

    /** {@link #kafkaClientConfig()} with more settings of the client's own. */
    public Map<String, Object> kafkaClientConfig(Map<String, Object> more) {
        Map<String, Object> config = new HashMap<>(kafkaClientConfig());
        config.putAll(more);
        return config;
    }

    /** The same for the platform whose home this is (for example .local). */
    public static Map<String, Object> kafkaClientConfig(String bootstrapServers, Path home) throws IOException {
        return kafkaClientConfig(bootstrapServers, Files.readString(secretFile(home, KAFKA_PASSWORD_FILE)).strip());
    }

    private static Map<String, Object> kafkaClientConfig(String bootstrapServers, String password) {
        return Map.of("bootstrap.servers", bootstrapServers, "security.protocol", SECURITY_PROTOCOL,
                "sasl.mechanism", KafkaBroker.SASL_MECHANISM, "sasl.jaas.config", KafkaBroker.jaasConfig(SERVICE_USER, password));
    }

    /** {@link #kafkaClientConfig()} as a Quarkus service reads it, under {@code kafka.}. */
    public Map<String, String> kafkaServiceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        kafkaClientConfig().forEach((key, value) -> config.put("kafka." + key, value.toString()));
        return config;
    }

    /** The {@code Authorization} header Elasticsearch requires of this platform's clients. */
    public String elasticsearchAuthorization() {
        return ElasticsearchNode.authorization(SERVICE_USER, elasticsearchPassword());
    }

    /** The same for the platform whose home this is (for example .local). */
    public static String elasticsearchAuthorization(Path home) throws IOException {
        return ElasticsearchNode.authorization(SERVICE_USER,
                Files.readString(secretFile(home, ELASTICSEARCH_PASSWORD_FILE)).strip());
    }

    /** The settings search-service needs for this platform's Elasticsearch. */
    public Map<String, String> elasticsearchServiceConfig() {
        return Map.of("search.elasticsearch.hosts", elasticsearch.url(), "search.elasticsearch.username", SERVICE_USER,
                "search.elasticsearch.password", elasticsearchPassword());
    }

    /**
     * Starts one more instance of ingest-service or search-service beside the platform's, on a free port, sharing its
     * topics and groups; {@link #stopExtraInstances} (or {@link #stop}) stops it.
     *
     * @return its base URL
     */
    public String startExtraInstance(Component component) throws IOException, InterruptedException {
        return startExtraInstance(component, Map.of());
    }

    /**
     * As {@link #startExtraInstance(Component)}, with settings of its own over the platform's (its roles, its own
     * topic and groups, ...).
     */
    public String startExtraInstance(Component component, Map<String, String> own) throws IOException, InterruptedException {
        JavaService extra;
        // several may be started at once, from several threads; each then starts on its own
        synchronized (extraInstances) {
            int number = ++extraInstancesStarted;
            extra = switch (component) {
                case INGEST -> ingestService("ingest-service-" + number, Ports.free(), own);
                case SEARCH -> searchService("search-service-" + number, Ports.free(), own);
                default -> throw new IllegalArgumentException(component + " runs as one instance here");
            };
            extraInstances.add(new ExtraInstance(component, extra));
        }
        extra.start();
        return extra.url();
    }

    /** Kills, as a crash would (SIGKILL), the instance {@link #startExtraInstance} started at this URL. */
    public void killExtraInstance(String url) {
        ExtraInstance killed = extraInstances.stream().filter(extra -> extra.service().url().equals(url)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No extra instance at " + url));
        killed.service().process().kill();
        extraInstances.remove(killed);
    }

    /** Stops the instances {@link #startExtraInstance} started. */
    public void stopExtraInstances() throws InterruptedException {
        stopExtraInstances(EnumSet.allOf(Component.class));
    }

    private void stopExtraInstances(Set<Component> components) throws InterruptedException {
        for (ExtraInstance extra : List.copyOf(extraInstances)) {
            if (components.contains(extra.component())) {
                extra.service().process().stop();
                extraInstances.remove(extra);
            }
        }
    }

    private static Path quarkusJar(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public PlatformSettings settings() {
        return settings;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String elasticsearchUrl() {
        return elasticsearch.url();
    }

    public String gatewayUrl() {
        return gateway.url();
    }

    public String ingestUrl() {
        return ingest.url();
    }

    public String searchUrl() {
        return search.url();
    }

    public void start(Set<Component> components) throws IOException {
        List<CompletableFuture<Void>> infrastructure = new ArrayList<>();
        if (components.contains(Component.KAFKA)) {
            infrastructure.add(async(kafka::start));
        }
        if (components.contains(Component.ELASTICSEARCH)) {
            infrastructure.add(async(elasticsearch::start));
        }
        join(infrastructure);
        List<CompletableFuture<Void>> backends = new ArrayList<>();
        if (components.contains(Component.INGEST)) {
            backends.add(async(ingest::start));
        }
        if (components.contains(Component.SEARCH)) {
            backends.add(async(search::start));
        }
        join(backends);
        if (components.contains(Component.GATEWAY)) {
            join(List.of(async(gateway::start)));
        }
    }

    /** Stops everything this platform's home knows of, services first; idempotent. */
    public void stop() throws InterruptedException {
        stop(EnumSet.allOf(Component.class));
    }

    /** Stops these components (services before the infrastructure they use); the others keep running. */
    public void stop(Set<Component> components) throws InterruptedException {
        Map<Component, ManagedProcess> stopOrder = new LinkedHashMap<>();
        stopOrder.put(Component.GATEWAY, gateway.process());
        stopOrder.put(Component.SEARCH, search.process());
        stopExtraInstances(components);
        stopOrder.put(Component.INGEST, ingest.process());
        stopOrder.put(Component.KAFKA, kafka.process());
        stopOrder.put(Component.ELASTICSEARCH, elasticsearch.process());
        for (Map.Entry<Component, ManagedProcess> entry : stopOrder.entrySet()) {
            if (components.contains(entry.getKey())) {
                entry.getValue().stop();
            }
        }
    }

    /** Kills the component as a crash would (SIGKILL); {@link #start} starts it again. */
    public void kill(Component component) {
        switch (component) {
            case KAFKA -> kafka.process().kill();
            case ELASTICSEARCH -> elasticsearch.process().kill();
            case INGEST -> ingest.process().kill();
            case SEARCH -> search.process().kill();
            case GATEWAY -> gateway.process().kill();
        }
    }

    public Map<String, String> status() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("kafka " + kafka.bootstrapServers(), kafka.process().status());
        status.put("elasticsearch " + elasticsearch.url(), elasticsearch.process().status());
        status.put("ingest-service " + ingest.url(), ingest.process().status());
        status.put("search-service " + search.url(), search.process().status());
        status.put("api-gateway " + gateway.url(), gateway.process().status());
        return status;
    }

    private interface Step {
        void run() throws IOException, InterruptedException;
    }

    private static CompletableFuture<Void> async(Step step) {
        return CompletableFuture.runAsync(() -> {
            try {
                step.run();
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        });
    }

    private static void join(List<CompletableFuture<Void>> steps) throws IOException {
        try {
            CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
    }
}
