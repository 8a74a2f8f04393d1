package cn.docsearch.search.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "search")
public interface SearchConfig {

    Elasticsearch elasticsearch();

    Index index();

    Consumer consumer();

    Embedding embedding();

    Semantic semantic();

    Dictionary dictionary();

    /**
     * What this instance takes on: {@code query} answers searches and the admin API, {@code index} makes documents
     * searchable by words, {@code embed} embeds their passages. One instance runs all three (the local default); a
     * cluster runs them apart, and adds {@code embed} instances to embed faster (they share the embedding consumer
     * group, and an instance that dies has its partitions taken over by the others).
     */
    @WithDefault("query,index,embed")
    Set<Role> roles();

    enum Role {
        QUERY, INDEX, EMBED
    }

    /**
     * Shared secret of the platform's services (header {@code X-Docsearch-Internal-Token}): the gateway sends it, and
     * every endpoint but /q/* requires it when set. Without it anyone who reaches the port can search and administer
     * the index (a warning says so).
     */
    Optional<String> internalToken();

    /**
     * The longest a search may take here, every request to Elasticsearch and the query's vector included: past it the
     * caller gets 503 {@code search-unavailable}. Below the gateway's read timeout for search-service (10 s), so that
     * search-service always answers first, and above a single request's {@code search.elasticsearch.query-timeout}.
     */
    @WithDefault("8s")
    Duration deadline();

    interface Elasticsearch {
        /** Node URLs, for example http://127.0.0.1:9200 (env: SEARCH_ELASTICSEARCH_HOSTS). */
        List<String> hosts();

        /**
         * The user search-service logs in as, on a node with security on (env: SEARCH_ELASTICSEARCH_USERNAME); with
         * {@link #password()}, sent with every request (HTTP basic). Without it, requests go without credentials.
         */
        Optional<String> username();

        /** That user's password (env: SEARCH_ELASTICSEARCH_PASSWORD). */
        Optional<String> password();

        @WithDefault("5s")
        Duration connectTimeout();

        /** How long a write (a bulk) may wait for Elasticsearch's answer. */
        @WithDefault("30s")
        Duration socketTimeout();

        /**
         * How long a search or read may wait for Elasticsearch's answer before the caller gets a 503: a hung node must
         * not hold searches (and the gateway's threads) for the write timeout. 5 s and not less: on a saturated node
         * (a rebuild and a bulk load on 2 cores) searches took up to 3.4 s, and 2 s turned 5 of 141 into 503s.
         */
        @WithDefault("5s")
        Duration queryTimeout();
    }

    interface Index {
        /** Alias every read and write goes through; the index behind it can be rebuilt and swapped. */
        @WithDefault("documents")
        String alias();

        /**
         * Version of the mapping and analysis. A release with a newer version builds documents-{version} from Kafka
         * beside the live index and switches to it once it has caught up; a dictionary change is applied by a
         * rebuild (admin API) of the same version.
         */
        @WithDefault("v10")
        String version();

        /** How often each instance reads the index layout (live, building, retired) and acts on it. */
        @WithDefault("5s")
        Duration reconcileInterval();

        /**
         * How many events more than the live index's stages an index being built may still have to do when the
         * alias moves to it; 0 waits until it is at least as far as the live one.
         */
        @WithDefault("0")
        long catchUpSlack();

        /** 0 on a single node; raise on a cluster. */
        @WithDefault("0")
        int replicas();
    }

    interface Consumer {
        @WithDefault("documents")
        String topic();

        /** Where events that can never be indexed go, with the reason in a header. Kept until deleted by hand. */
        @WithDefault("documents.dlq")
        String deadLetterTopic();

        /** Replication factor of the dead-letter topic when this service creates it. */
        @WithDefault("1")
        short deadLetterReplicationFactor();

        /** The index version is appended, so a new index version is filled from the start of the topic. */
        @WithDefault("search-service")
        String groupId();

        /**
         * Events per indexing batch, one poll and one commit each (its bytes bounded by the fetch size, 32 MiB): with
         * 200, written as one bulk request a batch, a bulk load of short texts spent most of its time waiting between
         * batches (1,032 docs/s until searchable, the cores 58 % busy), with 1000 it ran at 1,674 docs/s.
         */
        @WithDefault("1000")
        int maxPollRecords();

        /**
         * Events per bulk request within a batch. Before each slice the keyword stage steps aside for this instance's
         * searches in flight, so that a search shares the cores with at most one slice of Elasticsearch's writing.
         */
        @WithDefault("100")
        int sliceSize();

        /**
         * How long the keyword stage may wait before each slice for this instance's searches in flight to finish;
         * bounded so that a steady stream of searches still leaves indexing a share (a slice per this long, plus its
         * write). {@code 0s} never waits.
         */
        @WithDefault("250ms")
        Duration yieldToSearches();

        /**
         * How often, at most, the keyword stage refreshes the documents index once it has caught up, so that a
         * document is searchable by words within this long of being written. A stage that catches up again within
         * this long (a load streaming in) refreshes once it has gone this long without catching up again: during the
         * load the index's own interval (5 s) makes the documents searchable in fewer, larger segments, and its end
         * about this long after the stage last caught up. During a backlog it refreshes nothing itself.
         */
        @WithDefault("1s")
        Duration caughtUpRefreshInterval();

        /**
         * How long the group waits for a member that vanished without leaving (killed, crashed, cut off) before
         * its partitions go to the others or to its restarted self; a member that stops cleanly leaves at once.
         * Kafka's default is 45 s, during which nothing of those partitions is indexed.
         */
        @WithDefault("10s")
        Duration sessionTimeout();

        /** First wait before retrying a batch that failed for a transient reason; doubles up to max-backoff. */
        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();

        /**
         * How often a batch may fail for a reason that is not Kafka or Elasticsearch being away (an event this code
         * cannot handle) before its records are tried one by one, and how often one record may fail so before it
         * is set aside as failed with its reason (failures index, dead-letter topic) and the stage goes on.
         */
        @WithDefault("3")
        int maxRecordAttempts();

        /**
         * How long a stage may fail on the same batch before readiness says it is stalled, with the partition
         * and offset it is stuck at.
         */
        @WithDefault("2m")
        Duration stalledAfter();
    }

    interface Embedding {
        /** Threads computing passage vectors: one per core the service may use for it. */
        @WithDefault("2")
        int threads();

        /**
         * Threads computing query vectors, a lane of their own: a search's query never waits behind passages queued
         * for the other threads (it shares the cores with them, nothing more).
         */
        @WithDefault("1")
        int queryThreads();

        /**
         * How long each passage may wait, before its turn on the model, for this instance's searches in flight to
         * finish: on shared cores a search then gets the CPU the passage threads would take, and a search arriving
         * waits for at most the passages already running (one each). Bounded so that a steady stream of searches
         * still leaves passages a share; {@code 0s} never waits (an embed-only instance answers no search anyway).
         */
        @WithDefault("250ms")
        Duration yieldToSearches();

        /** The embedding stage's consumer group (the index version is appended, as for indexing). */
        @WithDefault("search-service-embedder")
        String groupId();

        /**
         * Events per embedding batch. A batch is embedded while the partitions are paused, and its offsets are
         * committed only after all its vectors are written; the model threads wait at each batch's end, so fewer,
         * larger batches keep them busier.
         */
        @WithDefault("64")
        int maxPollRecords();

        /**
         * Events this instance's keyword stage may have still to index before the embedding stage stops taking new
         * batches until it has caught up. On shared cores a bulk load then becomes searchable by words at the pace
         * the keyword stage alone allows, and the vectors follow; a very large value never yields.
         */
        @WithDefault("500")
        long yieldAboveBacklog();

        /**
         * How often, at most, the stage refreshes the vectors index once it has caught up, so that what it wrote is
         * searchable by meaning within this long. While it works through a backlog it refreshes nothing itself, and
         * the index's own interval (2 min) makes the vectors searchable: a stream of small segments, each with a vector
         * graph that merges build again, would cost Elasticsearch more than indexing the vectors did.
         */
        @WithDefault("5s")
        Duration caughtUpRefreshInterval();
    }

    interface Semantic {
        /**
         * Cosine similarity below which a passage does not count as related to the query. Unrelated Chinese texts
         * score about 0.2-0.5 with this model; the answers in the evaluation set score 0.5 and up.
         */
        @WithDefault("0.45")
        double minSimilarity();

        /**
         * How long a search waits for its query's vector; past it, a semantic or hybrid search answers with the
         * keyword side alone and says so ({@code degraded: ["semantic"]}). The vector is still computed and cached,
         * so the same query asked again a moment later gets its vector side. Well under the gateway's read timeout
         * for search-service (10 s), so that search-service always answers first. {@code 0s} waits for nothing: only
         * vectors computed for earlier searches are used, which sheds query embedding altogether.
         */
        @WithDefault("2s")
        Duration queryEmbeddingTimeout();

        /**
         * The most documents a query's quoted phrases, OR groups and exclusions are named by inside the kNN (the
         * vectors index holds no text to match them on); when they admit more, the nearest documents are checked
         * against them instead, and fewer than a full window may remain. At most Elasticsearch's result window (10,000):
         * a larger value counts as that.
         */
        @WithDefault("10000")
        int maxAdmitted();
    }

    /** The dictionary administrators manage at run time: extension words, stopwords, synonyms. */
    interface Dictionary {
        /** Compacted, one partition: each record is the whole dictionary, the latest one is the dictionary. */
        @WithDefault("documents.dictionary")
        String topic();

        /** Replication factor of the dictionary topic when this service creates it. */
        @WithDefault("1")
        short replicationFactor();

        /** How often an instance checks whether the synonyms Elasticsearch applies are the latest ones. */
        @WithDefault("2s")
        Duration applyInterval();

        /**
         * How often search analyzers are reloaded even without a change: an index opened by Elasticsearch (a
         * restart) has no synonyms until its search analyzers are reloaded.
         */
        @WithDefault("60s")
        Duration reloadInterval();

        /** How long an update waits for Kafka to acknowledge it and for this instance to read it back. */
        @WithDefault("10s")
        Duration publishTimeout();
    }
}
