package cn.docsearch.gateway.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API models of the dictionary administrators manage at run time: extension words, stopwords, synonyms. */
public final class DictionaryAdministration {
    private DictionaryAdministration() {
    }

    @Schema(name = "DictionaryUpdate", description = "Lists given replace the current ones whole; a list left out stays as it is")
    public record DictionaryUpdate(
            @Schema(description = "The version these lists were read from: given, the update fails with 409 when "
                    + "another one came first", example = "3") Long version,
            @Schema(description = "Words IK must keep whole (at most 10,000, each 1-32 characters, no spaces or , \\ # = >); "
                    + "applied to an index when it is built", example = "[\"数智赋能\", \"新质生产力\"]") List<String> extensionWords,
            @Schema(description = "Words dropped from texts and queries (at most 2,000); applied when an index is built",
                    example = "[\"有关\"]") List<String> stopwords,
            @Schema(description = "Synonym rules (at most 2,000, each up to 20 terms): 'a, b, c' finds each by the others, "
                    + "'a => b' searches b for a; applied to searches at once, no rebuild",
                    example = "[\"乡村振兴, 农村发展\", \"土豆 => 马铃薯\"]") List<String> synonyms) {
    }

    @Schema(name = "Dictionary", description = "The dictionary, whether searches use its synonyms, and whether the "
            + "indexes were built with its words and stopwords")
    public record Dictionary(
            @Schema(description = "Version, 0 before the first update", example = "4") long version,
            List<String> extensionWords,
            List<String> stopwords,
            List<String> synonyms,
            Instant updatedAt,
            @Schema(description = "The version whose synonyms searches use", example = "4") long synonymsAppliedVersion,
            @Schema(description = "Why the synonyms are not in use yet (they are applied again within seconds); absent when they are")
            String synonymsNotApplied,
            IndexDictionary liveIndex,
            @Schema(description = "The index being rebuilt, if any") IndexDictionary buildingIndex,
            @Schema(description = "The live index was built with other words or stopwords and no rebuild with the "
                    + "current ones runs: rebuild (POST /api/v1/admin/index/rebuild, or update with rebuild=true)")
            boolean rebuildNeeded,
            @Schema(description = "Whether the update started a rebuild (only with rebuild=true)") Boolean rebuildStarted) {
    }

    @Schema(name = "IndexDictionary", description = "An index and the dictionary it was built with")
    public record IndexDictionary(
            @Schema(example = "documents-v8-20261205170512") String index,
            @Schema(description = "Dictionary version it was built with", example = "3") long dictionaryVersion,
            @Schema(description = "Built with the current words and stopwords") boolean upToDate,
            @Schema(description = "Documents in it so far: a rebuild's progress beside the live index's count", example = "12840")
            long documents) {
    }
}
