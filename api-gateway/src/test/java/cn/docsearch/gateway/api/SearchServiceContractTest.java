package cn.docsearch.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway's API models of what search-service answers against search-service's own records, read from its sources
 * (the gateway does not depend on its jar): the models of reads relayed as they are (search, documents, similar and
 * duplicates, tokens, index administration) describe in the OpenAPI document the very bytes search-service sends, so
 * they have the same fields with the same types; a model the gateway reads and rewrites may leave fields out. A field
 * added, renamed or retyped on one side only fails here, in the fast tier.
 */
class SearchServiceContractTest {
    private static final Path SEARCH_SERVICE_SOURCES = Path.of("..", "search-service", "src", "main", "java");
    private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\([^)]*\\))?");

    /**
     * A gateway model and its search-service record.
     *
     * @param source  the file the record is declared in, and its name when it is nested there (File.Record)
     * @param relayed true when the gateway passes it on as it is (the same fields), false when it reads it (a subset)
     */
    record Counterpart(Class<?> model, String source, boolean relayed) {
        String recordName() {
            return source.substring(source.lastIndexOf('.') + 1);
        }

        @Override
        public String toString() {
            return model.getSimpleName() + " ~ " + source;
        }
    }

    private static final List<Counterpart> COUNTERPARTS = List.of(
            new Counterpart(SearchResponse.class, "SearchResults", true),
            new Counterpart(SearchResponse.Hit.class, "SearchHit", true),
            new Counterpart(SearchResponse.Passage.class, "PassageHit", true),
            new Counterpart(SearchResponse.Snippet.class, "Snippet", true),
            new Counterpart(SearchResponse.FoldedHit.class, "FoldedHit", true),
            new Counterpart(SearchResponse.Suggestions.class, "SearchResource.Suggestions", true),
            new Counterpart(SearchResponse.Suggestion.class, "Suggestion", true),
            new Counterpart(SearchResponse.Explanation.class, "HitExplanation", true),
            new Counterpart(SearchResponse.FacetCount.class, "FacetCount", true),
            new Counterpart(SearchResponse.ExportedHit.class, "ExportedHit", true),
            new Counterpart(DocumentDetails.class, "DocumentView", true),
            new Counterpart(Similarity.SimilarDocument.class, "SimilarDocument", true),
            new Counterpart(Similarity.SimilarPassage.class, "SimilarPassage", true),
            new Counterpart(Similarity.SimilarPassagesRequest.class, "SimilarPassagesRequest", true),
            new Counterpart(Similarity.DuplicateReport.class, "DuplicateReport", true),
            new Counterpart(Similarity.Duplicate.class, "DuplicateReport.Duplicate", true),
            new Counterpart(Similarity.PassagePair.class, "DuplicateReport.PassagePair", true),
            new Counterpart(Similarity.Analysis.class, "AnalyzeService.Analysis", true),
            new Counterpart(Similarity.Token.class, "AnalyzeService.Token", true),
            new Counterpart(IndexAdministration.IndexStatus.class, "IndexLifecycle.Status", true),
            new Counterpart(IndexAdministration.IndexState.class, "IndexLifecycle.IndexState", true),
            new Counterpart(DocumentStatus.Indexing.class, "IndexingStatus", false),
            new Counterpart(Problem.class, "Problem", false));
    /** Gateway models as the search-service records they stand for, to compare the types of fields that hold them. */
    private static final Map<Class<?>, String> RECORD_NAMES = COUNTERPARTS.stream()
            .collect(Collectors.toMap(Counterpart::model, Counterpart::recordName));

    static List<Counterpart> counterparts() {
        return COUNTERPARTS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counterparts")
    void theGatewaysModelHasSearchServicesFields(Counterpart counterpart) {
        Map<String, String> gateway = fields(counterpart.model());
        Map<String, String> searchService = sourceFields(counterpart.source());
        if (counterpart.relayed()) {
            assertThat(gateway).as("fields of the gateway's %s (name -> type) against search-service's", counterpart)
                    .containsExactlyInAnyOrderEntriesOf(searchService);
        } else {
            assertThat(searchService).as("fields of search-service's record for the gateway's %s", counterpart)
                    .containsAllEntriesOf(gateway);
        }
    }

    /** Name -> type of a gateway record's fields, nested models named as their search-service counterparts. */
    private static Map<String, String> fields(Class<?> model) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (RecordComponent component : model.getRecordComponents()) {
            fields.put(component.getName(), typeName(component.getGenericType()));
        }
        return fields;
    }

    private static String typeName(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            return typeName(parameterized.getRawType()) + Arrays.stream(parameterized.getActualTypeArguments())
                    .map(SearchServiceContractTest::typeName).collect(Collectors.joining(",", "<", ">"));
        }
        Class<?> plain = (Class<?>) type;
        return RECORD_NAMES.getOrDefault(plain, plain.getSimpleName());
    }

    /** Name -> type of a search-service record's fields as its source declares them. */
    private static Map<String, String> sourceFields(String source) {
        String[] fileAndRecord = source.split("\\.");
        String file = fileAndRecord[0] + ".java";
        String record = fileAndRecord[fileAndRecord.length - 1];
        String text = read(file);
        Matcher declaration = Pattern.compile("\\brecord\\s+" + record + "\\s*\\(").matcher(text);
        assertThat(declaration.find()).as("record %s in search-service's %s", record, file).isTrue();
        String components = ANNOTATION.matcher(balanced(text, declaration.end())).replaceAll(" ");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String component : splitAtTopLevel(components)) {
            String[] words = component.strip().split("\\s+");
            String type = String.join("", Arrays.copyOf(words, words.length - 1)).replaceAll("[\\w.]+\\.(\\w+)", "$1");
            fields.put(words[words.length - 1], type.replace(" ", ""));
        }
        return fields;
    }

    /** The file of that name in search-service's sources, wherever its package puts it. */
    private static String read(String fileName) {
        try (Stream<Path> files = Files.walk(SEARCH_SERVICE_SOURCES)) {
            List<Path> found = files.filter(path -> path.getFileName().toString().equals(fileName)).toList();
            assertThat(found).as("%s in %s", fileName, SEARCH_SERVICE_SOURCES).hasSize(1);
            return Files.readString(found.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text from just after an opening parenthesis to its closing one. */
    private static String balanced(String text, int start) {
        int depth = 1;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return text.substring(start, i);
            }
        }
        throw new IllegalArgumentException("unbalanced record header");
    }

    /** Components separated by the commas outside type arguments. */
    private static List<String> splitAtTopLevel(String components) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < components.length(); i++) {
            char c = components.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(components.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(components.substring(from));
        return parts.stream().filter(part -> !part.isBlank()).toList();
    }
}
