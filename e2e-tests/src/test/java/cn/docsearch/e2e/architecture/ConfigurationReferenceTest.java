package cn.docsearch.e2e.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/configuration.md lists every key of each service's {@code @ConfigMapping} with its default, and nothing else
 * under those prefixes: a key added, renamed or given another default without the reference following fails here.
 * The default is what the service runs with: its application.properties value, else the mapping's
 * {@code @WithDefault}; where both exist they must agree (two defaults that differ mislead whoever reads one).
 * Read from the sources, so it runs in the fast tier.
 */
class ConfigurationReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");
    private static final String NONE = "—";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\| (`[^`]*`|" + NONE + ") \\|(.*)\\|\\s*$",
            Pattern.MULTILINE);
    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern TOP_INTERFACE = Pattern.compile("public\\s+interface\\s+(\\w+)");
    private static final Pattern INTERFACE = Pattern.compile("interface\\s+(\\w+)\\s*\\{");
    private static final Pattern MEMBER = Pattern.compile(
            "((?:@\\w+(?:\\(\"[^\"]*\"\\))?\\s*)*)([\\w<>, ?.]+?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\(\"([^\"]*)\"\\)");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]*)\"\\)");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest-service, ingest/config/IngestConfig.java", "search-service, search/config/SearchConfig.java",
            "api-gateway, gateway/config/GatewayConfig.java"})
    void everyKeyOfTheMappingIsDocumentedWithTheDefaultTheServiceRunsWith(String module, String mapping)
            throws IOException {
        Path service = Path.of("..", module, "src", "main");
        String source = withoutComments(Files.readString(service.resolve("java/cn/docsearch/" + mapping)));
        Map<String, String> properties = properties(service.resolve("resources/application.properties"));
        Matcher prefix = PREFIX.matcher(source);
        assertThat(prefix.find()).as("@ConfigMapping in %s", mapping).isTrue();

        List<String> disagreements = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (Key key : keys(source, prefix.group(1))) {
            String configured = properties.get(key.name());
            if (configured != null && key.mappingDefault().isPresent()
                    && !configured.equals(key.mappingDefault().get())) {
                disagreements.add(key.name() + ": @WithDefault(\"" + key.mappingDefault().get()
                        + "\") but application.properties says " + configured);
            }
            expected.put(key.name(), configured != null ? configured : key.mappingDefault().orElse(null));
        }
        assertThat(disagreements).as("defaults of %s", module).isEmpty();

        Map<String, String> documented = documented(prefix.group(1) + ".");
        assertThat(documented).as("the %s keys in docs/configuration.md (expected rows:%n%s)", module, rows(expected))
                .containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void everyDocumentedKeyIsExplained() throws IOException {
        Matcher row = ROW.matcher(Files.readString(REFERENCE));
        List<String> unexplained = new ArrayList<>();
        while (row.find()) {
            if (row.group(3).isBlank()) {
                unexplained.add(row.group(1));
            }
        }
        assertThat(unexplained).as("keys documented without a word on what they do").isEmpty();
    }

    private record Key(String name, Optional<String> mappingDefault) {
    }

    /** The leaf keys of the mapping: groups (members returning a nested interface) add a segment to the name. */
    private static List<Key> keys(String source, String prefix) {
        Map<String, String> interfaces = new LinkedHashMap<>();
        Matcher declared = INTERFACE.matcher(source);
        while (declared.find()) {
            interfaces.put(declared.group(1), ownBody(source, declared.end()));
        }
        Matcher top = TOP_INTERFACE.matcher(source);
        assertThat(top.find()).isTrue();
        List<Key> keys = new ArrayList<>();
        collect(interfaces, top.group(1), prefix, keys);
        return keys;
    }

    private static void collect(Map<String, String> interfaces, String name, String prefix, List<Key> keys) {
        Matcher member = MEMBER.matcher(interfaces.get(name));
        while (member.find()) {
            String type = member.group(2).trim().replaceFirst("^Optional<(.*)>$", "$1");
            Matcher renamed = WITH_NAME.matcher(member.group(1));
            String key = prefix + "." + (renamed.find() ? renamed.group(1) : kebab(member.group(3)));
            if (interfaces.containsKey(type)) {
                collect(interfaces, type, key, keys);
            } else {
                Matcher fallback = WITH_DEFAULT.matcher(member.group(1));
                keys.add(new Key(key, fallback.find() ? Optional.of(fallback.group(1)) : Optional.empty()));
            }
        }
    }

    /** The body of the interface whose brace ends at {@code from}, without the bodies of interfaces nested in it. */
    private static String ownBody(String source, int from) {
        StringBuilder own = new StringBuilder();
        int depth = 1;
        for (int i = from; depth > 0; i++) {
            char c = source.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 1 && c != '}') {
                own.append(c);
            }
        }
        return own.toString();
    }

    private static String kebab(String method) {
        return method.replaceAll("([A-Z])", "-$1").toLowerCase();
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            int equals = trimmed.indexOf('=');
            if (!trimmed.startsWith("#") && !trimmed.startsWith("%") && equals > 0) {
                properties.put(trimmed.substring(0, equals).trim(), trimmed.substring(equals + 1).trim());
            }
        }
        return properties;
    }

    private static Map<String, String> documented(String prefix) throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(REFERENCE));
        while (row.find()) {
            if (row.group(1).startsWith(prefix)) {
                String value = row.group(2);
                documented.put(row.group(1), value.equals(NONE) ? null : value.substring(1, value.length() - 1));
            }
        }
        return documented;
    }

    private static String rows(Map<String, String> expected) {
        return expected.entrySet().stream()
                .map(e -> "| `" + e.getKey() + "` | " + (e.getValue() == null ? NONE : "`" + e.getValue() + "`") + " | … |")
                .collect(Collectors.joining("\n"));
    }
}
