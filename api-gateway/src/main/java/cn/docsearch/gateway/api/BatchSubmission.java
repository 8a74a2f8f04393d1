package cn.docsearch.gateway.api;

import java.util.List;
import java.util.function.UnaryOperator;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Up to 1000 documents submitted together")
public record BatchSubmission(List<DocumentSubmission> documents) {

    /** The same documents, each to the collection {@code target} makes of the one it asks for (null kept null). */
    public BatchSubmission inCollections(UnaryOperator<String> target) {
        return documents == null ? this : new BatchSubmission(documents.stream()
                .map(document -> document == null ? null : document.inCollection(target.apply(document.collection())))
                .toList());
    }
}
