package cn.docsearch.search.dictionary;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.scheduling.DaemonThreads;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.indices.ReloadSearchAnalyzersResponse;

/**
 * Brings the dictionary's synonyms to Elasticsearch: the rules go into one document of {@code <alias>-dictionary}
 * (versioned by the dictionary's version, so an instance that is behind never writes an older one over a newer one),
 * then the search analyzers of the live index and of one being built are reloaded, and read it (our plugin's filter,
 * see {@link AnalysisSettings}). Every instance does this when it reads a new version and every {@code
 * search.dictionary.reload-interval}; doing it twice is harmless.
 */
@ApplicationScoped
public class SynonymRules {
    public static final String DOCUMENT_ID = "synonyms";
    private static final Logger LOG = Logger.getLogger(SynonymRules.class);
    private static final String RULES_MAPPING = "{\"settings\":{\"index\":{\"number_of_shards\":1,\"number_of_replicas\":%d}},"
            + "\"mappings\":{\"dynamic\":false,\"properties\":{\"version\":{\"type\":\"long\"}}}}";

    /** Terms per analysis request: well under Elasticsearch's 10,000 tokens per analysis. */
    private static final int TERMS_PER_ANALYSIS = 500;

    private final ElasticsearchClient client;
    private final SearchConfig config;
    private final DictionaryLog log;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            task -> DaemonThreads.named(task, "synonym-rules"));
    private volatile long appliedVersion = -1;
    private volatile Instant lastReload = Instant.EPOCH;
    private volatile String lastFailure;

    public SynonymRules(ElasticsearchClient client, SearchConfig config, DictionaryLog log) {
        this.client = client;
        this.config = config;
        this.log = log;
    }

    void start(@Observes StartupEvent startup) {
        long interval = config.dictionary().applyInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::applyIfDue, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        scheduler.shutdownNow();
    }

    /** The index holding the rules document the plugin's synonym filter reads. */
    public String rulesIndex() {
        return config.index().alias() + "-dictionary";
    }

    /** The dictionary version whose synonyms this instance last applied, -1 before it has. */
    public long appliedVersion() {
        return appliedVersion;
    }

    /** Why the last attempt to apply failed, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    private void applyIfDue() {
        if (!log.isCaughtUp()) {
            return;
        }
        Dictionary dictionary = log.current();
        boolean reloadDue = Duration.between(lastReload, Instant.now()).compareTo(config.dictionary().reloadInterval()) >= 0;
        if (dictionary.version() != appliedVersion || reloadDue) {
            try {
                apply(dictionary);
            } catch (IOException | ElasticsearchException e) {
                LOG.warnf("Synonyms of dictionary version %d not applied, retrying in %s: %s", dictionary.version(),
                        config.dictionary().applyInterval(), e.getMessage());
            }
        }
    }

    /** Writes the version's rules (unless a newer version's are there) and reloads the search analyzers. */
    public synchronized void apply(Dictionary dictionary) throws IOException {
        try {
            ensureRulesIndex();
            try {
                client.index(i -> i.index(rulesIndex()).id(DOCUMENT_ID).versionType(VersionType.ExternalGte)
                        .version(dictionary.version())
                        .document(Map.of("version", dictionary.version(), "rules", dictionary.synonyms())));
            } catch (ElasticsearchException e) {
                if (!"version_conflict_engine_exception".equals(e.error().type())) {
                    throw e;
                }
                LOG.debugf("A newer dictionary's synonyms than version %d are applied already", dictionary.version());
            }
            reloadSearchAnalyzers();
            appliedVersion = dictionary.version();
            lastFailure = null;
        } catch (IOException | ElasticsearchException e) {
            lastFailure = e.getMessage();
            throw e;
        }
    }

    /** Makes the search analyzers of the live index and of one being built read the rules again. */
    public void reloadSearchAnalyzers() throws IOException {
        String alias = config.index().alias();
        ReloadSearchAnalyzersResponse response = client.indices().reloadSearchAnalyzers(r -> r
                .index(List.of(alias, alias + "-building")).ignoreUnavailable(true).allowNoIndices(true));
        if (!response.shards().failures().isEmpty()) {
            throw new IOException("Search analyzers not reloaded: " + response.shards().failures().get(0).reason().reason());
        }
        lastReload = Instant.now();
    }

    /**
     * Of these terms (no spaces in them), the ones IK's query analyzer cuts into nothing but its own stopwords and
     * these, all in one request: the terms go as lines of one text, and each token's offsets tell whose it is.
     */
    List<String> termsMatchingNothing(List<String> terms, Set<String> stopwords) throws IOException {
        List<String> empty = new ArrayList<>();
        if (terms.isEmpty()) {
            return empty;
        }
        // on an index: an analysis without one is a cluster action the platform's role does not have
        ensureRulesIndex();
        for (int from = 0; from < terms.size(); from += TERMS_PER_ANALYSIS) {
            List<String> some = terms.subList(from, Math.min(terms.size(), from + TERMS_PER_ANALYSIS));
            String text = String.join("\n", some);
            int[] starts = new int[some.size()];
            for (int i = 1; i < some.size(); i++) {
                starts[i] = starts[i - 1] + some.get(i - 1).length() + 1;
            }
            boolean[] matched = new boolean[some.size()];
            for (var token : client.indices().analyze(a -> a.index(rulesIndex()).analyzer("ik_smart").text(text)).tokens()) {
                if (stopwords.contains(token.token())) {
                    continue;
                }
                int line = Arrays.binarySearch(starts, (int) token.startOffset());
                matched[line >= 0 ? line : -line - 2] = true;
            }
            for (int i = 0; i < some.size(); i++) {
                if (!matched[i]) {
                    empty.add(some.get(i));
                }
            }
        }
        return empty;
    }

    private void ensureRulesIndex() throws IOException {
        if (client.indices().exists(e -> e.index(rulesIndex())).value()) {
            return;
        }
        try {
            String definition = String.format(RULES_MAPPING, config.index().replicas());
            client.indices().create(c -> c.index(rulesIndex()).withJson(new StringReader(definition)));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }
}
