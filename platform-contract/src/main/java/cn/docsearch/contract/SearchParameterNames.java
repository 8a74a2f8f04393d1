package cn.docsearch.contract;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of a search and of an export, as the gateway takes them from callers and search-service from the
 * gateway (which adds the caller's scope, {@link CollectionNames#SCOPE_PARAMETER}). A name outside them is refused, so
 * that a misspelt filter never widens a search unnoticed.
 */
public final class SearchParameterNames {
    /**
     * What narrows, counts and orders the results and chooses what a hit shows (its passages, near-identical results
     * folded): the gateway passes these on as sent.
     */
    public static final List<String> FILTERS_FACETS_AND_SORT = List.of("tags", "source", "author", "contentType",
            "collection", "dateFrom", "dateTo", "ingestedFrom", "ingestedTo", "facets", "sort", "passages", "fold");
    /** Every parameter a caller may send to the public search and export. */
    public static final Set<String> PUBLIC = union(FILTERS_FACETS_AND_SORT,
            List.of("q", "mode", "page", "size", "explain", "cursor"));
    /** Every parameter search-service takes: the public ones and the caller's scope. */
    public static final Set<String> SERVICE = union(PUBLIC, List.of(CollectionNames.SCOPE_PARAMETER));
    private static final int MAX_NAME_CHARS_SHOWN = 64;

    private SearchParameterNames() {
    }

    /**
     * @return the problem's detail when a name is not among {@code known}: the first such name, as it may be shown
     *         (no control or format characters, cut at {@value #MAX_NAME_CHARS_SHOWN} characters), and the names known
     */
    public static Optional<String> unknown(Collection<String> names, Set<String> known) {
        return names.stream().filter(name -> !known.contains(name)).findFirst()
                .map(name -> "Unknown parameter '" + shown(name) + "'; a search takes " + String.join(", ", known));
    }

    private static String shown(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().limit(MAX_NAME_CHARS_SHOWN).forEach(c -> shown.appendCodePoint(carriesNoText(c) ? '?' : c));
        if (name.codePointCount(0, name.length()) > MAX_NAME_CHARS_SHOWN) {
            shown.append('…');
        }
        return shown.toString();
    }

    private static boolean carriesNoText(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE;
    }

    private static Set<String> union(Collection<String> some, Collection<String> more) {
        Set<String> names = new TreeSet<>(some);
        names.addAll(more);
        return Collections.unmodifiableSet(names);
    }
}
