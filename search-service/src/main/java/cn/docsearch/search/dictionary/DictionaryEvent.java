package cn.docsearch.search.dictionary;

import java.time.Instant;
import java.util.List;

/**
 * The dictionary as it is kept in Kafka ({@code search.dictionary.topic}, key {@value #KEY}): each record holds the
 * whole dictionary, so compaction keeps exactly the current one and an instance starting reads one record.
 * Schema {@value #SCHEMA}; documented in docs/api.md with the other events.
 */
public record DictionaryEvent(int schema, long version, List<String> extensionWords, List<String> stopwords,
                              List<String> synonyms, Instant updatedAt) {
    public static final int SCHEMA = 1;
    public static final String KEY = "dictionary";

    static DictionaryEvent of(Dictionary dictionary) {
        return new DictionaryEvent(SCHEMA, dictionary.version(), dictionary.extensionWords(), dictionary.stopwords(),
                dictionary.synonyms(), dictionary.updatedAt());
    }

    Dictionary toDictionary() {
        if (schema != SCHEMA || version < 1) {
            throw new IllegalArgumentException("not a dictionary of schema " + SCHEMA + " (schema " + schema + ", version " + version + ")");
        }
        return new Dictionary(version, orEmpty(extensionWords), orEmpty(stopwords), orEmpty(synonyms), updatedAt);
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
