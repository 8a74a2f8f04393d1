package cn.docsearch.search.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "search")
public interface SearchConfig {

    Elasticsearch elasticsearch();

    Index index();

    Consumer consumer();

    Embedding embedding();

    Semantic semantic();

    interface Elasticsearch {
        /** Node URLs, for example http://127.0.0.1:9200 (env: SEARCH_ELASTICSEARCH_HOSTS). */
        List<String> hosts();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("30s")
        Duration socketTimeout();
    }

    interface Index {
        /** Alias every read and write goes through; the index behind it can be rebuilt and swapped. */
        @WithDefault("documents")
        String alias();

        /**
         * Version of the mapping and analysis: a change to either (or to the IK dictionary) needs a new
         * index, documents-{version}, filled again from Kafka.
         */
        @WithDefault("v3")
        String version();

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

        @WithDefault("200")
        int maxPollRecords();

        /** First wait before retrying a batch that failed for a transient reason; doubles up to max-backoff. */
        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }

    interface Embedding {
        /** Threads computing passage vectors: one per core the service may use for it. */
        @WithDefault("2")
        int threads();

        /** The embedding stage's consumer group (the index version is appended, as for indexing). */
        @WithDefault("search-service-embedder")
        String groupId();

        /**
         * Events per embedding batch: small, because a batch is embedded while the partitions are paused, and the
         * offsets of a batch are committed only after all its vectors are written.
         */
        @WithDefault("16")
        int maxPollRecords();
    }

    interface Semantic {
        /**
         * Cosine similarity below which a passage does not count as related to the query. Unrelated Chinese texts
         * score about 0.2-0.5 with this model; the answers in the evaluation set score 0.5 and up.
         */
        @WithDefault("0.45")
        double minSimilarity();
    }
}
