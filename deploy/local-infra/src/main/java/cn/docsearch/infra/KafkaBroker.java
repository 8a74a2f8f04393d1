package cn.docsearch.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A single-node Kafka broker in KRaft combined mode, run from the jars the build copied. Clients must authenticate
 * (SASL/SCRAM-SHA-512 over the loopback listener): a process on the machine that does not know the platform's
 * credentials cannot write an event. The credentials are added when the storage is formatted, as KRaft requires.
 */
final class KafkaBroker {
    static final String SASL_MECHANISM = "SCRAM-SHA-512";
    private static final String READY_LINE = "Kafka Server started";
    /** Written beside the data once it is formatted with the SCRAM credentials. */
    private static final String CREDENTIALS_MARKER = "scram-credentials";

    private final Distribution distribution;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private final String user;
    private final String password;
    private final CpuPriority priority;
    private final ManagedProcess process;

    /** @param priority how it shares the cores with the platform's other processes */
    KafkaBroker(Distribution distribution, Path dir, int port, int controllerPort, String heap, String user,
                String password, CpuPriority priority) {
        this.distribution = distribution;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
        this.user = user;
        this.password = password;
        this.process = new ManagedProcess("kafka", dir.resolve("kafka.pid"), dir.resolve("kafka.log"),
                dir.resolve("server.properties").toString(), priority.niceness());
        this.priority = priority;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    ManagedProcess process() {
        return process;
    }

    /** What Kafka's clients need to log in: the {@code sasl.jaas.config} value for this user and password. */
    static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    void start() throws IOException, InterruptedException {
        Path credentialsMarker = dir.resolve(CREDENTIALS_MARKER);
        if (process.running().isPresent()) {
            if (Files.exists(credentialsMarker)) {
                return;
            }
            // a broker that takes clients without a login (an interrupted upgrade, an older launcher's): replaced
            process.stop();
        }
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "the Kafka controller");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path config = dir.resolve("server.properties");
        String classpath = distribution.kafkaLibs().resolve("*").toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        boolean formatted = Files.exists(data.resolve("meta.properties"));
        if (formatted && !Files.exists(credentialsMarker)) {
            addLoginToDataWithoutOne(java, classpath, config, data);
        }
        writeConfig(config, serverProperties(data, true));
        if (!formatted) {
            Commands.run(List.of(java, "-cp", classpath, "kafka.tools.StorageTool", "format",
                    "-t", newClusterId(), "-c", config.toString(),
                    "--add-scram", SASL_MECHANISM + "=[name=" + user + ",password=" + password + "]"),
                    Map.of(), process.logFile(), Duration.ofMinutes(1), password);
        }
        Files.writeString(credentialsMarker, user + "\n");
        startAndAwait(java, classpath, config);
    }

    /** The broker's settings hold its own login: readable by this user only. */
    private static void writeConfig(Path config, String properties) throws IOException {
        Files.writeString(config, properties);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * Data made before the broker required a login (an older platform's) keeps its events: the broker runs once without
     * SASL, on loopback as always, only to take the platform's SCRAM user through Kafka's own config command.
     */
    private void addLoginToDataWithoutOne(String java, String classpath, Path config, Path data)
            throws IOException, InterruptedException {
        writeConfig(config, serverProperties(data, false));
        try {
            startAndAwait(java, classpath, config);
            Commands.run(List.of(java, "-cp", classpath, "kafka.admin.ConfigCommand", "--bootstrap-server",
                    bootstrapServers(), "--alter", "--add-config", SASL_MECHANISM + "=[password=" + password + "]",
                    "--entity-type", "users", "--entity-name", user), Map.of(), process.logFile(), Duration.ofMinutes(1),
                    password);
        } finally {
            // never left running without a login, also when it did not come up in time
            process.stop();
        }
    }

    private void startAndAwait(String java, String classpath, Path config) throws IOException, InterruptedException {
        Files.deleteIfExists(process.logFile());
        List<String> command = new ArrayList<>(List.of(java, "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
        command.addAll(priority.jvmOptions());
        command.addAll(List.of("-cp", classpath, "kafka.Kafka", config.toString()));
        process.startDetached(command, Map.of());
        process.awaitReady(Duration.ofSeconds(90),
                () -> Logs.contains(process.logFile(), READY_LINE) && Ports.accepting(port));
    }

    /** @param sasl whether clients must log in (always, but for {@link #addLoginToDataWithoutOne}) */
    private String serverProperties(Path data, boolean sasl) {
        String listener = sasl ? "SASL_PLAINTEXT" : "PLAINTEXT";
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + listener + "://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + listener,
                "listener.security.protocol.map=" + listener + ":" + listener + ",CONTROLLER:PLAINTEXT"));
        if (sasl) {
            lines.addAll(List.of(
                    "sasl.enabled.mechanisms=" + SASL_MECHANISM,
                    "sasl.mechanism.inter.broker.protocol=" + SASL_MECHANISM,
                    "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + jaasConfig(user, password)));
        }
        lines.addAll(List.of(
                "log.dirs=" + data,
                "num.partitions=3",
                // every topic is created by the service that owns it, with its settings (compaction, retention);
                // a consumer that reads a topic first must not create it with the broker's defaults
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // Room for whole documents; the producer and consumer limits are set to match in the services
                "message.max.bytes=" + Limits.MAX_MESSAGE_BYTES,
                "replica.fetch.max.bytes=" + Limits.MAX_MESSAGE_BYTES,
                // the compaction's map of keys lives on the heap, 128 MiB by default, half of a 256m heap; 32 MiB maps
                // about a million keys per pass, and a pass that meets more cleans what fits and leaves the rest for
                // the next
                "log.cleaner.dedupe.buffer.size=" + 32 * 1024 * 1024,
                ""));
        return String.join("\n", lines);
    }

    /** Kafka cluster ids are 16 random bytes in URL-safe base64, and must not start with a dash. */
    private static String newClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
