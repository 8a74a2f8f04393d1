package cn.docsearch.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code java -jar local-infra.jar up|infra|down|status [component...]}: what deploy/local/up.sh and down.sh call;
 * {@code admin-key} prints the gateway's bootstrap admin key.
 * {@code up} and {@code down} act on every component, or only on those named ({@code kafka elasticsearch ingest
 * search gateway}), for example to restart one service. Ports and the data folder come from DOCSEARCH_*
 * environment variables (see docs/configuration.md).
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
                platform.start(components(args));
                printStatus(platform);
            }
            case "infra" -> {
                platform.start(LocalPlatform.INFRASTRUCTURE);
                printStatus(platform);
            }
            case "down" -> {
                platform.stop(components(args));
                printStatus(platform);
            }
            case "status" -> printStatus(platform);
            case "admin-key" -> System.out.println(platform.adminKey());
            default -> exitWithUsage();
        }
    }

    /** The components named after the command, or all of them. */
    private static Set<LocalPlatform.Component> components(String[] args) {
        if (args.length < 2) {
            return EnumSet.allOf(LocalPlatform.Component.class);
        }
        Set<LocalPlatform.Component> named = EnumSet.noneOf(LocalPlatform.Component.class);
        for (String name : Arrays.asList(args).subList(1, args.length)) {
            try {
                named.add(LocalPlatform.Component.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                exitWithUsage();
            }
        }
        return named;
    }

    private static void exitWithUsage() {
        System.err.println("usage: local-infra.jar up|infra|down|status [kafka|elasticsearch|ingest|search|gateway...] | admin-key");
        System.exit(2);
    }

    private static void printStatus(LocalPlatform platform) {
        System.out.println("data: " + platform.settings().home());
        platform.status().forEach((component, state) -> System.out.printf("  %-45s %s%n", component, state));
    }
}
