package cn.docsearch.search.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a query is answered: by words (IK + BM25), by meaning (passage vectors), or both fused (the default). */
public enum SearchMode {
    KEYWORD, SEMANTIC, HYBRID;

    public static SearchMode parse(String name) {
        if (name == null || name.isBlank()) {
            return HYBRID;
        }
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("Unknown mode '" + name + "'; use one of "
                    + Arrays.stream(values()).map(SearchMode::jsonValue).collect(Collectors.joining(", ")));
        }
    }

    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
