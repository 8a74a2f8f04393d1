package cn.docsearch.search.index;

import java.util.List;

import cn.docsearch.contract.CollectionNames;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;

/**
 * The collections a caller may see, as the gateway passes them (its key's collections). Every query is filtered by
 * them, inside the query itself, so that a document of another collection is never returned, counted in a total, or
 * told apart from a document that does not exist.
 *
 * @param collections null for all
 */
public record CollectionScope(List<String> collections) {
    public static final CollectionScope ALL = new CollectionScope(null);
    /** The collection of documents indexed before collections (their events carried none). */
    public static final String FIELD = "collection";

    /** From the scope a caller passes (CollectionNames.scope): absent, blank or naming "*" is all. */
    public static CollectionScope parse(String commaSeparated) {
        return CollectionNames.scope(commaSeparated).map(names -> new CollectionScope(names)).orElse(ALL);
    }

    /**
     * The collections of this scope that are also among these: a caller narrowing a search to some collections never
     * sees one outside its scope (a scope of none matches nothing).
     */
    public CollectionScope narrowedTo(List<String> names) {
        return new CollectionScope(collections == null ? List.copyOf(names)
                : names.stream().filter(collections::contains).toList());
    }

    public boolean admits(String collection) {
        return collections == null || collections.contains(collection == null ? CollectionNames.DEFAULT : collection);
    }

    /**
     * A failure recorded for an event that could not be read has no collection: only a scope of all collections sees
     * it.
     */
    public boolean admitsFailureOf(String collection) {
        return collection == null ? collections == null : admits(collection);
    }

    /** What names one of the scope's collections in its collection field (everything for a scope of all). */
    public Query named() {
        if (collections == null) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        List<FieldValue> values = collections.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(FIELD).terms(v -> v.value(values))));
    }

    /** The query restricted to the scope's collections (the query itself when all are in scope). */
    public Query restrict(Query query) {
        if (collections == null) {
            return query;
        }
        Query named = named();
        // documents indexed before collections carry none: they are the default collection's
        Query inScope = !collections.contains(CollectionNames.DEFAULT) ? named : Query.of(q -> q.bool(b -> b.should(named)
                .should(s -> s.bool(n -> n.mustNot(m -> m.exists(e -> e.field(FIELD))))).minimumShouldMatch("1")));
        return Query.of(q -> q.bool(b -> b.filter(inScope).must(query)));
    }
}
