package cn.docsearch.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Collection names as every service reads them: the collection of a document that names none, and the scope the
 * gateway passes on to a service with each request (parameter {@value #SCOPE_PARAMETER}, comma-separated: the
 * caller's collections).
 */
public final class CollectionNames {
    /** The collection of a document that names none (also of events written before collections existed). */
    public static final String DEFAULT = "default";
    /** In a scope or a key's collections: every collection. */
    public static final String ALL = "*";
    /** The query parameter that carries a caller's scope to a service. */
    public static final String SCOPE_PARAMETER = "collections";

    private CollectionNames() {
    }

    /**
     * The collections a comma-separated scope names, in order, without blanks or repeats; empty when it admits every
     * collection (absent, blank, or naming {@value #ALL}).
     */
    public static Optional<List<String>> scope(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return Optional.empty();
        }
        List<String> names = Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .distinct().toList();
        return names.contains(ALL) ? Optional.empty() : Optional.of(names);
    }
}
