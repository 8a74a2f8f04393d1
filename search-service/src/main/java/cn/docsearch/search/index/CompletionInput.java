package cn.docsearch.search.index;

import java.util.List;
import java.util.Map;

import cn.docsearch.contract.CollectionNames;

/**
 * A completion field's value as Elasticsearch takes it: what a typed prefix may match, and the document's collection as
 * the context that keeps suggestions inside a caller's collections. Elasticsearch 8 takes no query without a context on
 * such a field, so every document is also in the context {@link CollectionNames#ALL}, which a caller who may see every
 * collection asks for.
 */
public record CompletionInput(List<String> input, Map<String, List<String>> contexts) {
    /** The name of the completion fields' context (documents-index.json). */
    public static final String COLLECTION_CONTEXT = "collection";

    public static CompletionInput of(List<String> input, String collection) {
        return new CompletionInput(List.copyOf(input), Map.of(COLLECTION_CONTEXT, List.of(collection, CollectionNames.ALL)));
    }
}
