package cn.docsearch.ingest.upload;

import java.util.Set;

import cn.docsearch.contract.CollectionNames;

/**
 * The collections a caller may see, as the gateway passes them (its key's collections); a document of another
 * collection is answered exactly like a document that does not exist.
 *
 * @param collections null for all
 */
public record CollectionScope(Set<String> collections) {
    public static final CollectionScope ALL = new CollectionScope(null);

    /** From the scope a caller passes (CollectionNames.scope): absent, blank or naming "*" is all. */
    public static CollectionScope parse(String commaSeparated) {
        return CollectionNames.scope(commaSeparated).map(names -> new CollectionScope(Set.copyOf(names))).orElse(ALL);
    }

    public boolean admits(String collection) {
        return collections == null
                || collections.contains(collection == null ? CollectionNames.DEFAULT : collection);
    }
}
