package cn.docsearch.search.admin;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.docsearch.search.dictionary.Dictionary;
import cn.docsearch.search.dictionary.DictionaryService;
import cn.docsearch.search.dictionary.SynonymRules;
import cn.docsearch.search.index.IndexLayout;
import cn.docsearch.search.index.IndexManager;

/**
 * The dictionary as administrators see it: its lists, whether searches use its synonyms, and whether the indexes
 * were built with its words and stopwords; an update may start the rebuild that applies them.
 */
@ApplicationScoped
public class DictionaryAdministration {
    private final DictionaryService dictionaries;
    private final SynonymRules synonymRules;
    private final IndexManager indexManager;
    private final IndexLifecycle lifecycle;

    public DictionaryAdministration(DictionaryService dictionaries, SynonymRules synonymRules, IndexManager indexManager,
                                    IndexLifecycle lifecycle) {
        this.dictionaries = dictionaries;
        this.synonymRules = synonymRules;
        this.indexManager = indexManager;
        this.lifecycle = lifecycle;
    }

    /** An index and the dictionary it was built with; {@code upToDate}: with the current words and stopwords. */
    public record IndexDictionary(String index, long dictionaryVersion, boolean upToDate, long documents) {
    }

    /**
     * @param synonymsAppliedVersion the version whose synonyms this instance last brought to Elasticsearch
     * @param synonymsNotApplied     why the synonyms of an update are not in use yet (they are retried), or null
     * @param rebuildNeeded          the live index was built with other words or stopwords, and no rebuild with the
     *                               current ones is running: {@code POST /admin/index/rebuild} (or an update with
     *                               {@code rebuild=true}) applies them
     * @param rebuildStarted         an update started a rebuild
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(long version, List<String> extensionWords, List<String> stopwords, List<String> synonyms,
                         Instant updatedAt, long synonymsAppliedVersion, String synonymsNotApplied,
                         IndexDictionary liveIndex, IndexDictionary buildingIndex, boolean rebuildNeeded,
                         Boolean rebuildStarted) {
    }

    public Status status() throws IOException {
        return status(dictionaries.current(), null, null);
    }

    /**
     * Replaces the lists given (a null list stays as it is) and, with {@code rebuild}, starts the rebuild that
     * applies changed words or stopwords (a running one built with older ones is cancelled first).
     */
    public Status update(Long expectedVersion, List<String> extensionWords, List<String> stopwords, List<String> synonyms,
                         boolean rebuild) throws IOException {
        DictionaryService.Update update = dictionaries.update(expectedVersion, extensionWords, stopwords, synonyms);
        Boolean started = null;
        if (rebuild) {
            Status before = status(update.dictionary(), update.synonymsNotApplied(), null);
            started = false;
            if (before.rebuildNeeded()) {
                if (before.buildingIndex() != null) {
                    lifecycle.cancel();
                }
                started = lifecycle.rebuild().isPresent();
            }
        }
        return status(update.dictionary(), update.synonymsNotApplied(), started);
    }

    private Status status(Dictionary dictionary, String synonymsNotApplied, Boolean rebuildStarted) throws IOException {
        IndexLayout layout = indexManager.layout();
        IndexDictionary live = indexDictionary(layout.live(), dictionary);
        Optional<String> building = layout.building();
        IndexDictionary buildingIndex = building.isPresent() ? indexDictionary(building.get(), dictionary) : null;
        boolean rebuildNeeded = !live.upToDate() && (buildingIndex == null || !buildingIndex.upToDate());
        return new Status(dictionary.version(), dictionary.extensionWords(), dictionary.stopwords(), dictionary.synonyms(),
                dictionary.updatedAt(), synonymRules.appliedVersion(),
                synonymsNotApplied != null ? synonymsNotApplied : synonymRules.lastFailure(),
                live, buildingIndex, rebuildNeeded, rebuildStarted);
    }

    private IndexDictionary indexDictionary(String index, Dictionary current) throws IOException {
        IndexManager.BuiltWith builtWith = indexManager.builtWith(index);
        return new IndexDictionary(index, builtWith.dictionaryVersion(),
                current.indexTimeDigest().equals(builtWith.dictionaryDigest()), indexManager.count(index));
    }
}
