package cn.docsearch.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A single-node Elasticsearch with the IK plugin and its security on: every request needs the platform's user, a
 * user of Elasticsearch's file realm whose role may manage indices and nothing of the cluster's security. Elasticsearch
 * refuses to run as root, so when this launcher is root the node runs as the unprivileged user {@value #RUN_AS_USER},
 * created on first use.
 */
final class ElasticsearchNode {
    static final String RUN_AS_USER = "docsearch";
    /** The role of the platform's user, defined in {@value #ROLES_FILE}: indices and cluster health, not security. */
    private static final String SERVICE_ROLE = "docsearch_service";
    private static final String ROLES_FILE = "deploy/docker/elasticsearch/roles.yml";

    private final Distribution distribution;
    private final Path dir;
    private final int httpPort;
    private final int transportPort;
    private final String heap;
    private final String user;
    private final String password;
    private final ManagedProcess process;

    ElasticsearchNode(Distribution distribution, Path dir, int httpPort, int transportPort, String heap, String user,
                      String password) {
        this.distribution = distribution;
        this.dir = dir;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
        this.heap = heap;
        this.user = user;
        this.password = password;
        this.process = new ManagedProcess("elasticsearch", dir.resolve("elasticsearch.pid"),
                dir.resolve("logs/docsearch.log"), dir.resolve("tmp").toString()); // the node runs with -Djava.io.tmpdir=$ES_TMPDIR
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    ManagedProcess process() {
        return process;
    }

    /** The {@code Authorization} header value of the platform's user (HTTP basic). */
    static String authorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    void start() throws IOException, InterruptedException {
        if (process.running().isPresent()) {
            return;
        }
        Ports.requireFree(httpPort, "Elasticsearch HTTP");
        Ports.requireFree(transportPort, "Elasticsearch transport");
        Path home = distribution.preparedElasticsearchHome();
        Path config = dir.resolve("config");
        copyConfig(home.resolve("config"), config);
        Files.writeString(config.resolve("elasticsearch.yml"), settings());
        // the same role as in docker-compose.yml's Elasticsearch
        Files.copy(distribution.repositoryRoot().resolve(ROLES_FILE), config.resolve("roles.yml"),
                StandardCopyOption.REPLACE_EXISTING);
        for (String sub : List.of("data", "logs", "tmp")) {
            Files.createDirectories(dir.resolve(sub));
        }
        List<String> asNodeUser = new ArrayList<>();
        if (isRoot()) {
            ensureUnprivilegedUser();
            Commands.run(List.of("chown", "-R", RUN_AS_USER + ":" + RUN_AS_USER, dir.toString()),
                    Map.of(), dir.resolve("launcher.log"), Duration.ofMinutes(1));
            requireReadableBy(home.resolve("bin/elasticsearch"));
            asNodeUser.addAll(List.of("runuser", "-u", RUN_AS_USER, "--"));
        }
        asNodeUser.addAll(List.of("env",
                "ES_JAVA_HOME=" + System.getProperty("java.home"),
                "ES_PATH_CONF=" + config,
                "ES_TMPDIR=" + dir.resolve("tmp"),
                "ES_JAVA_OPTS=-Xms" + heap + " -Xmx" + heap + " -XX:-AlwaysPreTouch"));
        if (!hasUser(config)) {
            // the file realm keeps a bcrypt hash, which its own tool writes
            List<String> addUser = new ArrayList<>(asNodeUser);
            addUser.addAll(List.of(home.resolve("bin/elasticsearch-users").toString(), "useradd", user,
                    "-p", password, "-r", SERVICE_ROLE));
            Commands.run(addUser, Map.of(), dir.resolve("launcher.log"), Duration.ofMinutes(1), password);
        }
        List<String> command = new ArrayList<>(asNodeUser);
        command.addAll(List.of(home.resolve("bin/elasticsearch").toString(),
                "-d", "-p", dir.resolve("elasticsearch.pid").toString()));
        Commands.run(command, Map.of(), dir.resolve("launcher.log"), Duration.ofMinutes(3));
        String authorization = authorization(user, password);
        process.awaitReady(Duration.ofMinutes(2),
                () -> HttpProbe.answers200(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s", authorization));
    }

    private boolean hasUser(Path config) throws IOException {
        Path users = config.resolve("users");
        return Files.exists(users) && Files.readAllLines(users).stream().anyMatch(line -> line.startsWith(user + ":"));
    }


    private String settings() {
        return String.join("\n",
                "cluster.name: docsearch",
                "node.name: docsearch-1",
                "path.data: " + dir.resolve("data"),
                "path.logs: " + dir.resolve("logs"),
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + transportPort,
                "discovery.type: single-node",
                "xpack.security.enabled: true",
                // one node on loopback: no transport to other nodes, and HTTP stays plain for the services on this host
                "xpack.security.http.ssl.enabled: false",
                "xpack.security.transport.ssl.enabled: false",
                // a laptop's nearly full disk must not turn every index read-only
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "");
    }

    private static void copyConfig(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ensureUnprivilegedUser() throws IOException, InterruptedException {
        if (!Commands.succeeds(List.of("id", "-u", RUN_AS_USER))) {
            Commands.succeeds(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", RUN_AS_USER));
            if (!Commands.succeeds(List.of("id", "-u", RUN_AS_USER))) {
                throw new IOException("Could not create user '" + RUN_AS_USER + "' to run Elasticsearch (it refuses root)");
            }
        }
    }

    private static void requireReadableBy(Path file) throws IOException, InterruptedException {
        if (!Commands.succeeds(List.of("runuser", "-u", RUN_AS_USER, "--", "test", "-r", file.toString()))) {
            throw new IOException("User '" + RUN_AS_USER + "' cannot read " + file
                    + ": clone the repository where other users can enter its folders (for example not under /root)");
        }
    }
}
