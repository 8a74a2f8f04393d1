package cn.docsearch.search.index;

import java.util.List;
import java.util.Map;

/**
 * A completion field's value as Elasticsearch takes it: what a typed prefix may match, and the document's collection as
 * the context that keeps suggestions inside a caller's collections. A caller who may see every collection asks for the
 * context prefix "" ({@link #EVERY_COLLECTION}), which every collection starts with. A second context on every document
 * for such callers doubled what Elasticsearch indexes for suggestions: writing a document into the documents index
 * cost it about 45 % more CPU (docs/benchmarks.md, twentieth session).
 */
public record CompletionInput(List<String> input, Map<String, List<String>> contexts) {
    /** The name of the completion fields' context (documents-index.json). */
    public static final String COLLECTION_CONTEXT = "collection";
    /** The category context prefix that every collection name starts with (a query's context, with prefix on). */
    public static final String EVERY_COLLECTION = "";

    public static CompletionInput of(List<String> input, String collection) {
        return new CompletionInput(List.copyOf(input), Map.of(COLLECTION_CONTEXT, List.of(collection)));
    }
}
