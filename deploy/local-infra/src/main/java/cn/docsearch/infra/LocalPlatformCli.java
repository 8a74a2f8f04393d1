package cn.docsearch.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * {@code java -jar local-infra.jar up|infra|down|status}: what deploy/local/up.sh and down.sh call.
 * Ports and the data folder come from DOCSEARCH_* environment variables (see README).
 */
public final class LocalPlatformCli {

    private LocalPlatformCli() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Distribution distribution = Distribution.fromBuild();
        PlatformSettings settings = PlatformSettings.fromEnvironment(System.getenv(),
                distribution.repositoryRoot().resolve(".local"));
        LocalPlatform platform = new LocalPlatform(settings, distribution);
        String command = args.length == 0 ? "status" : args[0];
        switch (command) {
            case "up" -> {
                platform.start(EnumSet.allOf(LocalPlatform.Component.class));
                printStatus(platform);
            }
            case "infra" -> {
                platform.start(LocalPlatform.INFRASTRUCTURE);
                printStatus(platform);
            }
            case "down" -> {
                platform.stop();
                printStatus(platform);
            }
            case "status" -> printStatus(platform);
            default -> {
                System.err.println("usage: local-infra.jar up|infra|down|status");
                System.exit(2);
            }
        }
    }

    private static void printStatus(LocalPlatform platform) {
        System.out.println("data: " + platform.settings().home());
        platform.status().forEach((component, state) -> System.out.printf("  %-45s %s%n", component, state));
    }
}
