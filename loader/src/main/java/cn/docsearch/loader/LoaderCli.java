package cn.docsearch.loader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import cn.docsearch.client.api.DocumentsApi;

/**
 * {@code docsearch ingest FOLDER [--gateway URL] [--api-key KEY] [--concurrency N] [--collection NAME] [--source NAME] [--tag TAG]...}: loads a folder
 * through the gateway and ends with a summary; exit code 0 when every file went in, 1 when some failed, 2 on a usage
 * error.
 */
public final class LoaderCli {
    private static final String USAGE = "usage: docsearch ingest FOLDER [--gateway URL] [--api-key KEY] [--concurrency N] [--collection NAME] [--source NAME] [--tag TAG]...\n"
            + "  --gateway      the platform's public API (default $DOCSEARCH_GATEWAY_URL or http://127.0.0.1:8080)\n"
            + "  --api-key      a writer's API key (default $DOCSEARCH_API_KEY)\n"
            + "  --concurrency  files in flight at once (default 4)\n"
            + "  --collection   where the documents go (the key must have it; default: the key's first collection)\n"
            + "  --source, --tag  stored with every document";

    private LoaderCli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws InterruptedException {
        if (args.length < 2 || !args[0].equals("ingest")) {
            System.err.println(USAGE);
            return 2;
        }
        Path folder = Path.of(args[1]);
        String gateway = System.getenv().getOrDefault("DOCSEARCH_GATEWAY_URL", "http://127.0.0.1:8080");
        String apiKey = System.getenv("DOCSEARCH_API_KEY");
        int concurrency = 4;
        String source = null;
        String collection = null;
        List<String> tags = new ArrayList<>();
        for (int i = 2; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                System.err.println("missing value for " + args[i] + "\n" + USAGE);
                return 2;
            }
            switch (args[i]) {
                case "--gateway" -> gateway = args[i + 1];
                case "--api-key" -> apiKey = args[i + 1];
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--source" -> source = args[i + 1];
                case "--collection" -> collection = args[i + 1];
                case "--tag" -> tags.add(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i] + "\n" + USAGE);
                    return 2;
                }
            }
        }
        if (!Files.isDirectory(folder)) {
            System.err.println(folder + " is not a folder\n" + USAGE);
            return 2;
        }
        if (apiKey == null || apiKey.isBlank()) {
            System.err.println("no API key: --api-key or DOCSEARCH_API_KEY\n" + USAGE);
            return 2;
        }
        FolderLoader loader = new FolderLoader(new DocumentsApi(GatewayClient.create(gateway, apiKey)), concurrency, source, tags,
                collection, System.err);
        FolderLoader.Summary summary = loader.load(folder);
        System.out.printf("%d files: %d documents accepted, %d duplicates, %d skipped (already in), %d failed; %.1f docs/s%n",
                summary.files(), summary.accepted(), summary.duplicates(), summary.skipped(), summary.failures().size(),
                summary.docsPerSecond());
        summary.failures().forEach(failure -> System.out.println("  failed: " + failure.path() + ": " + failure.reason()));
        return summary.failures().isEmpty() ? 0 : 1;
    }
}
