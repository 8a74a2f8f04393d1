package cn.docsearch.ingest.service;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import cn.docsearch.ingest.event.DocumentEvent;

/**
 * The collections a caller may see, as the gateway passes them (its key's collections); a document of another
 * collection is answered exactly like a document that does not exist.
 *
 * @param collections null for all
 */
public record CollectionScope(Set<String> collections) {
    public static final CollectionScope ALL = new CollectionScope(null);
    private static final String ALL_COLLECTIONS = "*";

    /** From a comma-separated list; absent, blank or containing {@value #ALL_COLLECTIONS}: all. */
    public static CollectionScope parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return ALL;
        }
        Set<String> names = Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return names.contains(ALL_COLLECTIONS) ? ALL : new CollectionScope(names);
    }

    public boolean admits(String collection) {
        return collections == null
                || collections.contains(collection == null ? DocumentEvent.DEFAULT_COLLECTION : collection);
    }
}
