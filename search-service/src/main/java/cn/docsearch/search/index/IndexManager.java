package cn.docsearch.search.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.docsearch.search.config.SearchConfig;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;

/** Creates the versioned index with its explicit mapping and points the alias at it. */
@ApplicationScoped
public class IndexManager {
    private static final Logger LOG = Logger.getLogger(IndexManager.class);
    private static final String MAPPING = "/elasticsearch/documents-index.json";
    private static final String FAILURES_MAPPING = "/elasticsearch/failures-index.json";

    private final ElasticsearchClient client;
    private final SearchConfig config;
    private final ObjectMapper objectMapper;
    private volatile boolean ready;

    public IndexManager(ElasticsearchClient client, SearchConfig config, ObjectMapper objectMapper) {
        this.client = client;
        this.config = config;
        this.objectMapper = objectMapper;
    }

    public String alias() {
        return config.index().alias();
    }

    public String indexName() {
        return config.index().alias() + "-" + config.index().version();
    }

    /**
     * The consumer group a stage uses for the current index version: a new version starts a new group, which reads
     * the topic from its beginning and so fills the new index from Kafka.
     */
    public String consumerGroup(String base) {
        return base + "-" + config.index().version();
    }

    /** Where indexing failures are kept, beside the documents index. */
    public String failuresIndex() {
        return config.index().alias() + "-failures";
    }

    /** Idempotent, and safe when several instances start at once; the consumer calls it before its first write. */
    public void ensureIndex() throws IOException {
        if (ready) {
            return;
        }
        String index = indexName();
        if (!client.indices().exists(e -> e.index(index)).value()) {
            createIgnoringRace(index, indexDefinition(MAPPING));
        }
        if (!client.indices().existsAlias(a -> a.index(index).name(alias())).value()) {
            moveAliasTo(index);
        }
        if (!client.indices().exists(e -> e.index(failuresIndex())).value()) {
            createIgnoringRace(failuresIndex(), indexDefinition(FAILURES_MAPPING));
        } else {
            // a status record only gains fields between releases: adding them to an older index is allowed
            String mappings = objectMapper.writeValueAsString(objectMapper.readTree(indexDefinition(FAILURES_MAPPING)).path("mappings"));
            client.indices().putMapping(p -> p.index(failuresIndex()).withJson(new StringReader(mappings)));
        }
        ready = true;
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
     * Points the alias at this index alone, in one atomic step: the previous version stops being read, and this one
     * is filled from the start of the topic by the consumer groups of its version.
     */
    private void moveAliasTo(String index) throws IOException {
        Set<String> previous = client.indices().existsAlias(a -> a.name(alias())).value()
                ? client.indices().getAlias(a -> a.name(alias())).result().keySet() : Set.of();
        client.indices().updateAliases(u -> {
            for (String old : previous) {
                u.actions(a -> a.remove(r -> r.index(old).alias(alias())));
            }
            return u.actions(a -> a.add(add -> add.index(index).alias(alias()).isWriteIndex(true)));
        });
        LOG.infof("Alias %s now points at %s (before: %s)", alias(), index, previous);
    }

    private String indexDefinition(String resource) throws IOException {
        try (InputStream in = IndexManager.class.getResourceAsStream(resource)) {
            ObjectNode definition = (ObjectNode) objectMapper.readTree(in);
            ((ObjectNode) definition.path("settings").path("index")).put("number_of_replicas", config.index().replicas());
            return objectMapper.writeValueAsString(definition);
        }
    }
}
