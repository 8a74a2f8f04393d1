package cn.docsearch.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API models of index administration: where the index stands, and its rebuild. */
public final class IndexAdministration {
    private IndexAdministration() {
    }

    @Schema(name = "IndexStatus", description = "The index searches read, the one being rebuilt beside it if any, "
            + "and retired ones not deleted yet")
    public record IndexStatus(
            @Schema(description = "The alias every search goes through", example = "documents") String alias,
            IndexState live,
            @Schema(description = "The index being built from Kafka; absent when there is none") IndexState building,
            @Schema(description = "Indexes the alias left, deleted once no instance writes to them") List<String> retired,
            @Schema(description = "Why the last check of the layout failed, if it did") String lastFailure) {
    }

    @Schema(name = "IndexState")
    public record IndexState(
            @Schema(example = "documents-v4-20261130170512") String index,
            @Schema(description = "Mapping version it was built with", example = "v4") String version,
            @Schema(description = "Documents in it, as of its last refresh", example = "12840") long documents,
            @Schema(description = "Events of the topic its keyword stage has not done yet", example = "0") long indexingLag,
            @Schema(description = "Events of the topic its embedding stage has not done yet", example = "350") long embeddingLag) {
    }
}
