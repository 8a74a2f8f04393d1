package cn.docsearch.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The artifacts the build copied from Maven Central (Elasticsearch, the IK plugin zip, Kafka's jars),
 * and the Elasticsearch home prepared from them once and shared by every node this launcher starts.
 */
public record Distribution(String elasticsearchVersion, Path elasticsearchArchive, Path ikPluginArchive,
                           Path kafkaLibs, Path repositoryRoot) {

    private static final String PLUGIN_NAME = "analysis-ik";

    public static Distribution fromBuild() {
        Properties properties = new Properties();
        try (InputStream in = Distribution.class.getResourceAsStream("distribution.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("distribution.properties missing: build deploy/local-infra first", e);
        }
        return new Distribution(properties.getProperty("elasticsearch.version"),
                Path.of(properties.getProperty("elasticsearch.archive")),
                Path.of(properties.getProperty("ik.plugin.archive")),
                Path.of(properties.getProperty("kafka.libs")),
                Path.of(properties.getProperty("repository.root")));
    }

    /** Extracts Elasticsearch and (re)installs the IK plugin when its zip changed; safe to call from concurrent builds. */
    public Path preparedElasticsearchHome() throws IOException, InterruptedException {
        Path distDir = elasticsearchArchive.getParent();
        Path home = distDir.resolve("elasticsearch-" + elasticsearchVersion);
        try (FileChannel lockChannel = FileChannel.open(distDir.resolve(".prepare.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            if (!Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
                unzip(elasticsearchArchive, distDir);
                try (Stream<Path> scripts = Files.list(home.resolve("bin"))) {
                    scripts.forEach(script -> script.toFile().setExecutable(true, false));
                }
            }
            installPluginIfChanged(home);
        }
        return home;
    }

    private void installPluginIfChanged(Path home) throws IOException, InterruptedException {
        Path marker = home.resolve(PLUGIN_NAME + ".sha256");
        String checksum = Checksums.sha256(ikPluginArchive);
        if (Files.exists(marker) && Files.readString(marker).equals(checksum)
                && Files.isDirectory(home.resolve("plugins").resolve(PLUGIN_NAME))) {
            return;
        }
        Map<String, String> env = Map.of("ES_JAVA_HOME", System.getProperty("java.home"));
        Path log = home.resolve("logs/plugin-install.log");
        String pluginTool = home.resolve("bin/elasticsearch-plugin").toString();
        if (Files.isDirectory(home.resolve("plugins").resolve(PLUGIN_NAME))) {
            Commands.run(List.of(pluginTool, "remove", PLUGIN_NAME), env, log, Duration.ofMinutes(2));
        }
        Commands.run(List.of(pluginTool, "install", "--batch", ikPluginArchive.toUri().toString()),
                env, log, Duration.ofMinutes(2));
        Files.writeString(marker, checksum);
    }

    private static void unzip(Path archive, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("Zip entry escapes target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
