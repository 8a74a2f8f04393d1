package cn.docsearch.search.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.dictionary.AnalysisSettings;
import cn.docsearch.search.dictionary.Dictionary;
import cn.docsearch.search.dictionary.DictionaryLog;
import cn.docsearch.search.dictionary.SynonymRules;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;

/**
 * The concrete indexes behind the alias and their life: created with the explicit mapping, rebuilt beside the live
 * one, switched to in one atomic alias update, retired. The state lives in three aliases, so several instances
 * agree on it without talking to each other: {@code documents} (live, what searches read), {@code
 * documents-building} (being filled from Kafka) and {@code documents-retired} (to be deleted). Each documents index
 * has a companion holding its passage vectors ({@link #vectorsIndexOf}), created, switched ({@code documents-vectors}
 * moves with {@code documents}) and deleted with it.
 */
@ApplicationScoped
public class IndexManager {
    private static final Logger LOG = Logger.getLogger(IndexManager.class);
    private static final String MAPPING = "/elasticsearch/documents-index.json";
    private static final String FAILURES_MAPPING = "/elasticsearch/failures-index.json";
    private static final String VECTORS_MAPPING = "/elasticsearch/vectors-index.json";
    private static final String VECTORS_SUFFIX = "-vectors";
    private static final DateTimeFormatter REBUILD_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern VERSION_NUMBER = Pattern.compile("v(\\d+)");
    /** The bundled dynamic settings that say when an index writes its segments, put on an existing one at start. */
    private static final List<String> SEGMENT_SETTINGS = List.of("refresh_interval", "translog.flush_threshold_age");

    private final ElasticsearchClient client;
    private final SearchConfig config;
    private final ObjectMapper objectMapper;
    private final DictionaryLog dictionaries;
    private final SynonymRules synonymRules;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean ready;

    /** The dictionary an index was built with, from its mapping's {@code _meta}: its version and words' digest. */
    public record BuiltWith(long dictionaryVersion, String dictionaryDigest) {
    }

    public IndexManager(ElasticsearchClient client, SearchConfig config, ObjectMapper objectMapper,
                        DictionaryLog dictionaries, SynonymRules synonymRules) {
        this.client = client;
        this.config = config;
        this.objectMapper = objectMapper;
        this.dictionaries = dictionaries;
        this.synonymRules = synonymRules;
    }

    /** What searches and reads go through. */
    public String alias() {
        return config.index().alias();
    }

    /** What searches by meaning read: the live index's vectors. */
    public String vectorsAlias() {
        return alias() + VECTORS_SUFFIX;
    }

    /** The index holding the passage vectors of a documents index, created, switched and deleted with it. */
    public static String vectorsIndexOf(String index) {
        return index + VECTORS_SUFFIX;
    }

    private String buildingAlias() {
        return alias() + "-building";
    }

    private String retiredAlias() {
        return alias() + "-retired";
    }

    /** The index a fresh installation starts with: {alias}-{version}. */
    public String configuredIndex() {
        return alias() + "-" + config.index().version();
    }

    /** The mapping version an index was built with: documents-v4 and documents-v4-20261130170000 are both v4. */
    public String versionOf(String index) {
        String rest = index.substring(alias().length() + 1);
        int dash = rest.indexOf('-');
        return dash < 0 ? rest : rest.substring(0, dash);
    }

    /**
     * The consumer group a stage uses to fill this index: each index has its own groups, which start at the
     * beginning of the topic, so a new index is filled from Kafka. documents-v4 keeps the groups it always had
     * (search-service-v4).
     */
    public String consumerGroup(String base, String index) {
        return base + "-" + index.substring(alias().length() + 1);
    }

    /** Where indexing failures are kept, beside the documents index. */
    public String failuresIndex() {
        return config.index().alias() + "-failures";
    }

    /** Whether the alias and indices are known to exist, so that a search needs no request to check. */
    public boolean isReady() {
        return ready;
    }

    /** Makes sure there is a live index (a fresh installation gets the configured one); cheap after the first call. */
    public void ensureIndex() throws IOException {
        if (!ready) {
            layout();
        }
    }

    /** Reads the aliases; creates the live index and the failures index when there are none yet. */
    public IndexLayout layout() throws IOException {
        Map<String, List<String>> aliased = aliasedIndexes();
        Optional<String> live = first(aliased, alias());
        if (live.isEmpty()) {
            // created with the alias in one request: another instance never sees the index without it
            createIgnoringRace(configuredIndex(), documentsIndexDefinition(alias(), true));
            aliased = aliasedIndexes();
            live = first(aliased, alias());
            reloadSynonyms();
        }
        if (!ready) {
            // created after its documents index, so another instance may find that alone: either instance creates it
            if (live.isPresent() && !aliased.containsKey(vectorsAlias())) {
                createIgnoringRace(vectorsIndexOf(live.get()), indexDefinition(VECTORS_MAPPING, vectorsAlias(), true));
            }
            if (live.isPresent()) {
                applySegmentSettings(live.get());
            }
            ensureFailuresIndex();
        }
        ready = true;
        return new IndexLayout(live.orElseThrow(() -> new IOException("Alias " + alias() + " points at no index")),
                first(aliased, buildingAlias()), List.copyOf(aliased.getOrDefault(retiredAlias(), List.of())));
    }

    /**
     * Creates a new index beside the live one, to be filled from the topic by its own consumer groups. Without a
     * name, a rebuild of the configured version gets a time stamp ({alias}-{version}-{yyyyMMddHHmmss}).
     *
     * @return the new index, or empty when another one is being built already
     */
    public Optional<String> startBuilding(Optional<String> name) throws IOException {
        if (indexBehind(buildingAlias()).isPresent()) {
            return Optional.empty();
        }
        String index = name.orElseGet(() -> configuredIndex() + "-" + REBUILD_STAMP.format(clock.instant()));
        // the vectors index first: the building alias makes the stages start, and they write to both
        createIgnoringRace(vectorsIndexOf(index), indexDefinition(VECTORS_MAPPING, null, false));
        createIgnoringRace(index, documentsIndexDefinition(buildingAlias(), false));
        LOG.infof("Building index %s beside the live one", index);
        return Optional.of(index);
    }

    /**
     * Searches read the built index from now on, in one atomic alias update that fails when another instance has
     * switched (or cancelled) first; the previous live index is retired.
     */
    public void switchTo(String building, String previousLive) throws IOException {
        // what was written up to now becomes visible to the first search that reads the new index
        refresh(building, vectorsIndexOf(building));
        // an index gets its synonyms when its search analyzers are reloaded: before it is searched
        reloadSynonyms();
        client.indices().updateAliases(u -> u
                .actions(a -> a.remove(r -> r.index(building).alias(buildingAlias()).mustExist(true)))
                .actions(a -> a.remove(r -> r.index(previousLive).alias(alias()).mustExist(true)))
                .actions(a -> a.add(add -> add.index(building).alias(alias()).isWriteIndex(true)))
                .actions(a -> a.add(add -> add.index(previousLive).alias(retiredAlias())))
                .actions(a -> a.remove(r -> r.index(alias() + "-*").alias(vectorsAlias()).mustExist(false)))
                .actions(a -> a.add(add -> add.index(vectorsIndexOf(building)).alias(vectorsAlias()).isWriteIndex(true))));
        LOG.infof("Alias %s now points at %s; %s is retired", alias(), building, previousLive);
    }

    /** Makes what was written to these indexes searchable now, rather than at their next scheduled refresh. */
    public void refresh(String... indexes) throws IOException {
        client.indices().refresh(r -> r.index(List.of(indexes)));
    }

    /** Gives up the index being built: it is retired and deleted, the live one stays. */
    public boolean cancelBuilding() throws IOException {
        Optional<String> building = indexBehind(buildingAlias());
        if (building.isEmpty()) {
            return false;
        }
        client.indices().updateAliases(u -> u
                .actions(a -> a.remove(r -> r.index(building.get()).alias(buildingAlias()).mustExist(true)))
                .actions(a -> a.add(add -> add.index(building.get()).alias(retiredAlias()))));
        LOG.infof("Building %s cancelled", building.get());
        return true;
    }

    /** Creates the vectors index of a documents index when it has none (an index built by a release before them). */
    public void ensureVectorsIndex(String index) throws IOException {
        if (!client.indices().exists(e -> e.index(vectorsIndexOf(index))).value()) {
            createIgnoringRace(vectorsIndexOf(index), indexDefinition(VECTORS_MAPPING, null, false));
        }
    }

    /** Deletes a retired index and its vectors; the documents index last, since it is what marks the pair retired. */
    public void delete(String index) throws IOException {
        for (String deleted : List.of(vectorsIndexOf(index), index)) {
            try {
                client.indices().delete(d -> d.index(deleted));
                LOG.infof("Deleted retired index %s", deleted);
            } catch (ElasticsearchException e) {
                if (!"index_not_found_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        }
    }

    /** What the index was built with; version 0 and no digest for an index older than run-time dictionaries. */
    public BuiltWith builtWith(String index) throws IOException {
        var meta = client.indices().getMapping(m -> m.index(index)).result().get(index).mappings().meta();
        var dictionary = meta == null ? null : meta.get("dictionary");
        if (dictionary == null) {
            return new BuiltWith(0, null);
        }
        var fields = objectMapper.readTree(dictionary.toJson().toString());
        return new BuiltWith(fields.path("version").asLong(), fields.path("digest").asText(null));
    }

    /** The cluster's health as Elasticsearch names it: green, yellow or red. */
    public String clusterStatus() throws IOException {
        return client.cluster().health().status().jsonValue();
    }

    /** Documents in an index, as of its last refresh. */
    public long count(String index) throws IOException {
        return client.count(c -> c.index(index)).count();
    }

    /**
     * Whether a release configured for {@code configured} should rebuild an index of version {@code live}: only
     * when its version is newer, so an instance of an older release running beside it never builds back.
     */
    public static boolean isNewer(String configured, String live) {
        Matcher configuredNumber = VERSION_NUMBER.matcher(configured);
        Matcher liveNumber = VERSION_NUMBER.matcher(live);
        if (configuredNumber.matches() && liveNumber.matches()) {
            return Long.parseLong(configuredNumber.group(1)) > Long.parseLong(liveNumber.group(1));
        }
        return configured.compareTo(live) > 0;
    }

    private Optional<String> indexBehind(String name) throws IOException {
        return first(aliasedIndexes(), name);
    }

    private static Optional<String> first(Map<String, List<String>> aliased, String name) {
        return aliased.getOrDefault(name, List.of()).stream().findFirst();
    }

    /**
     * The indexes behind each alias whose name starts with this layout's (looked up by exact name: live, building,
     * retired, vectors), sorted, in one read every reconcile pass: a pattern that matches no alias answers {@code {}},
     * where each name asked for was a check and a read of its own.
     */
    private Map<String, List<String>> aliasedIndexes() throws IOException {
        Map<String, List<String>> aliased = new HashMap<>();
        client.indices().getAlias(a -> a.name(alias() + "*")).result().forEach((index, aliases) -> aliases.aliases()
                .keySet().forEach(name -> aliased.computeIfAbsent(name, ignored -> new ArrayList<>()).add(index)));
        aliased.values().forEach(Collections::sort);
        return aliased;
    }

    /**
     * The bundled settings that say when segments are written (refresh interval, translog flush age), put on the live
     * pair at start (dynamic settings): an index made by an earlier release keeps those it was made with, and the
     * stages' own refreshes once caught up are meant to replace its scheduled ones.
     */
    void applySegmentSettings(String live) throws IOException {
        for (Map.Entry<String, String> index : Map.of(live, MAPPING, vectorsIndexOf(live), VECTORS_MAPPING).entrySet()) {
            JsonNode bundled = objectMapper.readTree(indexDefinition(index.getValue(), null, false))
                    .path("settings").path("index");
            ObjectNode dynamic = objectMapper.createObjectNode();
            // flat keys: the client's model of index settings has no flush age, and keeps unknown settings only as such
            for (String setting : SEGMENT_SETTINGS) {
                if (bundled.has(setting)) {
                    dynamic.set(setting, bundled.get(setting));
                }
            }
            try {
                client.indices().putSettings(p -> p.index(index.getKey()).withJson(new StringReader(dynamic.toString())));
            } catch (ElasticsearchException e) {
                // searches work either way; the index just writes its segments as it did
                LOG.warnf("Settings %s not put on %s: %s", dynamic, index.getKey(), e.getMessage());
            }
        }
    }

    private void ensureFailuresIndex() throws IOException {
        if (!client.indices().exists(e -> e.index(failuresIndex())).value()) {
            createIgnoringRace(failuresIndex(), indexDefinition(FAILURES_MAPPING, null, false));
        } else {
            // a status record only gains fields between releases: adding them to an older index is allowed
            String mappings = objectMapper.writeValueAsString(objectMapper.readTree(indexDefinition(FAILURES_MAPPING, null, false)).path("mappings"));
            client.indices().putMapping(p -> p.index(failuresIndex()).withJson(new StringReader(mappings)));
        }
    }

    private void createIgnoringRace(String index, String definition) throws IOException {
        try {
            client.indices().create(c -> c.index(index).withJson(new StringReader(definition)));
            LOG.infof("Created index %s", index);
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    /**
     * The documents index's definition with the analyzers of the current dictionary. It waits for the dictionary to
     * be read from Kafka: an index built from the topic with an empty dictionary would have to be built again.
     */
    private String documentsIndexDefinition(String alias, boolean writeIndex) throws IOException {
        try {
            if (!dictionaries.awaitCaughtUp(config.dictionary().publishTimeout())) {
                throw new IOException("The dictionary has not been read from Kafka yet: index not created");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
        Dictionary dictionary = dictionaries.current();
        ObjectNode definition = (ObjectNode) objectMapper.readTree(indexDefinition(MAPPING, alias, writeIndex));
        ((ObjectNode) definition.path("settings").path("index"))
                .set("analysis", AnalysisSettings.of(dictionary, synonymRules.rulesIndex(), objectMapper));
        ((ObjectNode) definition.path("mappings")).putObject("_meta").putObject("dictionary")
                .put("version", dictionary.version()).put("digest", dictionary.indexTimeDigest());
        return objectMapper.writeValueAsString(definition);
    }

    private void reloadSynonyms() {
        try {
            synonymRules.apply(dictionaries.current());
        } catch (IOException | ElasticsearchException e) {
            // applied again every search.dictionary.apply-interval until it works
            LOG.warnf("Synonyms not applied to the new index yet: %s", e.getMessage());
        }
    }

    /** The bundled definition with the configured replicas, and the alias it is created under if any. */
    private String indexDefinition(String resource, String alias, boolean writeIndex) throws IOException {
        try (InputStream in = IndexManager.class.getResourceAsStream(resource)) {
            ObjectNode definition = (ObjectNode) objectMapper.readTree(in);
            ((ObjectNode) definition.path("settings").path("index")).put("number_of_replicas", config.index().replicas());
            if (alias != null) {
                ObjectNode aliasDefinition = definition.putObject("aliases").putObject(alias);
                if (writeIndex) {
                    aliasDefinition.put("is_write_index", true);
                }
            }
            return objectMapper.writeValueAsString(definition);
        }
    }
}
