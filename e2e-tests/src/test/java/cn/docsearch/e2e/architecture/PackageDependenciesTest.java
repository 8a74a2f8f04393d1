package cn.docsearch.e2e.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The services' packages import one another in one direction only: within a service, no two top-level packages import
 * each other, directly or round about, nor do two sub-packages of one feature (auth.rest, auth.service, ...); and only
 * a {@code rest} package imports a {@code rest} package (the thin layer on top). Read from the sources, so it runs in the
 * fast tier.
 */
class PackageDependenciesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest-service, cn.docsearch.ingest", "search-service, cn.docsearch.search",
            "api-gateway, cn.docsearch.gateway"})
    void packagesFormNoCycleAndNothingImportsTheRestLayer(String module, String base) throws IOException {
        Map<String, Map<String, Set<String>>> imports = imports(Path.of("..", module, "src", "main", "java"), base);
        assertThat(imports).as("sources of %s", module).isNotEmpty();

        List<String> problems = new ArrayList<>();
        problems.addAll(cycles(collapse(imports, 1)));
        for (String feature : topLevel(imports)) {
            problems.addAll(cycles(collapse(within(imports, feature), 2)));
        }
        imports.forEach((from, targets) -> targets.forEach((to, files) -> {
            if (isRest(to) && !isRest(from)) {
                problems.add(from + " imports " + to + " " + files + ": rest is the top layer");
            }
        }));
        assertThat(problems).as("package dependencies of %s", module).isEmpty();
    }

    /** package (relative to base) -> imported package -> the files that import it. */
    private static Map<String, Map<String, Set<String>>> imports(Path sources, String base) throws IOException {
        Map<String, Map<String, Set<String>>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find() || !declared.group(1).startsWith(base + ".")) {
                    continue;
                }
                String from = declared.group(1).substring(base.length() + 1);
                Map<String, Set<String>> targets = imports.computeIfAbsent(from, p -> new TreeMap<>());
                Matcher imported = IMPORT.matcher(source);
                while (imported.find()) {
                    String name = imported.group(1);
                    if (name.startsWith(base + ".")) {
                        String to = packageOf(name.substring(base.length() + 1));
                        if (!to.equals(from)) {
                            targets.computeIfAbsent(to, p -> new TreeSet<>()).add(file.getFileName().toString());
                        }
                    }
                }
            }
        }
        return imports;
    }

    /** An import names a class, or a class nested in one (static imports): the package is the lower-case part. */
    private static String packageOf(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\.")) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            parts.add(part);
        }
        return String.join(".", parts);
    }

    private static Set<String> topLevel(Map<String, Map<String, Set<String>>> imports) {
        Set<String> features = new TreeSet<>();
        imports.keySet().forEach(p -> features.add(prefix(p, 1)));
        return features;
    }

    private static Map<String, Map<String, Set<String>>> within(Map<String, Map<String, Set<String>>> imports, String feature) {
        Map<String, Map<String, Set<String>>> inside = new TreeMap<>();
        imports.forEach((from, targets) -> {
            if (prefix(from, 1).equals(feature)) {
                targets.forEach((to, files) -> {
                    if (prefix(to, 1).equals(feature)) {
                        inside.computeIfAbsent(from, p -> new TreeMap<>()).put(to, files);
                    }
                });
            }
        });
        return inside;
    }

    /** The graph with every package cut to its first {@code depth} names. */
    private static Map<String, Map<String, Set<String>>> collapse(Map<String, Map<String, Set<String>>> imports, int depth) {
        Map<String, Map<String, Set<String>>> collapsed = new TreeMap<>();
        imports.forEach((from, targets) -> targets.forEach((to, files) -> {
            String a = prefix(from, depth);
            String b = prefix(to, depth);
            if (!a.equals(b)) {
                collapsed.computeIfAbsent(a, p -> new TreeMap<>()).computeIfAbsent(b, p -> new TreeSet<>()).addAll(files);
            }
        }));
        return collapsed;
    }

    /** Every edge a -> b where b also reaches a: one line each, with the files behind the edge. */
    private static List<String> cycles(Map<String, Map<String, Set<String>>> graph) {
        List<String> cycles = new ArrayList<>();
        graph.forEach((from, targets) -> targets.forEach((to, files) -> {
            if (reaches(graph, to, from, new TreeSet<>())) {
                cycles.add(from + " -> " + to + " " + files + " is part of a cycle");
            }
        }));
        return cycles;
    }

    private static boolean reaches(Map<String, Map<String, Set<String>>> graph, String from, String to, Set<String> seen) {
        for (String next : graph.getOrDefault(from, Map.of()).keySet()) {
            if (next.equals(to) || seen.add(next) && reaches(graph, next, to, seen)) {
                return true;
            }
        }
        return false;
    }

    private static String prefix(String pkg, int depth) {
        String[] parts = pkg.split("\\.");
        return String.join(".", Arrays.copyOf(parts, Math.min(depth, parts.length)));
    }

    private static boolean isRest(String pkg) {
        return pkg.equals("rest") || pkg.endsWith(".rest");
    }

}
