package cn.docsearch.ingest.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** Topic the document events are published to. */
    @WithDefault("documents")
    String topic();

    /**
     * Compacted topic with one small record per document (id, version, content hash, deletion), written in the
     * same transaction as the document's event: what this service reads at start-up instead of every text.
     */
    @WithDefault("documents.registry")
    String registryTopic();

    /**
     * Consumer group of the ingest-service instances: each partition of the registry topic is assigned to one of
     * them, which alone writes the documents whose ids fall in it; the others forward such writes to it.
     */
    @WithDefault("ingest-writers")
    String writerGroup();

    /**
     * Base URL at which the other instances reach this one to forward writes; default
     * {@code http://<this host's name>:<http port>}. Set it where the host name does not resolve for the others.
     */
    Optional<String> advertisedUrl();

    /**
     * Shared secret of the platform's services (header X-Docsearch-Internal-Token): the gateway and the other
     * instances send it, and every endpoint but /q/* requires it; set the same on every instance and on the gateway
     * ({@code gateway.internal-token}). Without it anyone who reaches the port can write (a warning says so).
     */
    Optional<String> internalToken();

    /**
     * Prefix of the transactional ids (one per partition): a new owner of a partition fences a previous one that
     * has not noticed it lost the partition, so two instances never both write it.
     */
    @WithDefault("docsearch-ingest")
    String transactionalIdPrefix();

    /** Partitions of the topic when this service creates it. */
    @WithDefault("3")
    int topicPartitions();

    /** Replication factor of the topic when this service creates it. */
    @WithDefault("1")
    short topicReplicationFactor();

    /**
     * Replicas that must have an event before it is acknowledged (the topic's min.insync.replicas): 1 on a
     * one-broker platform, 2 with a replication factor of 3, so that acks=all means what it says.
     */
    @WithDefault("1")
    int topicMinInsyncReplicas();

    /**
     * How long a delete (tombstone) stays in the compacted topic: a search-service instance or index rebuild
     * that starts reading later than this after a delete never sees it (the document is simply absent then,
     * except from an index that held it and was offline all that time).
     */
    @WithDefault("30d")
    Duration topicTombstoneRetention();

    /**
     * How long a request waits for Kafka to acknowledge before answering 503. The producer gives up on the
     * record within the same bound, so a request answered 503 is not published later.
     */
    @WithDefault("10s")
    Duration publishTimeout();

    /**
     * Largest document text accepted, in characters; larger ones get 413. With the body and its sections
     * in one event, 2 million characters stay under the 16 MiB message limit.
     */
    @WithDefault("2000000")
    int maxBodyChars();

    /** Largest uploaded file, and largest file inside a zip, in bytes. */
    @WithDefault("52428800")
    long maxFileBytes();

    /** How long an Idempotency-Key is remembered. */
    @WithDefault("24h")
    Duration idempotencyKeyRetention();

    Zip zip();

    Jobs jobs();

    Originals originals();

    /**
     * The uploaded files themselves, kept in Kafka beside their documents' events and written in the same transaction:
     * cut in chunks (a file may be larger than one record) on one topic, with a small manifest per document on another
     * that every instance follows to know where each file's chunks are.
     */
    interface Originals {
        /** Compacted topic of the files' chunks, keyed {@code <id>/<chunk>}: a new version or a delete replaces them. */
        @WithDefault("documents.originals")
        String topic();

        /** Compacted topic of one manifest per document (name, type, size, SHA-256, where its chunks are). */
        @WithDefault("documents.originals.manifests")
        String manifestTopic();

        /** Bytes per chunk record; at most the topics' 16 MiB record limit less 1 KiB. */
        @WithDefault("1048576")
        int chunkBytes();

        /**
         * How long the tombstones of a deleted or replaced original stay in both topics: an instance whose view of the
         * manifests is behind by more than this could keep offering a deleted file.
         */
        @WithDefault("1d")
        Duration tombstoneRetention();
    }

    /** Bulk jobs: an upload kept in Kafka at once and worked through in the background by one of the instances. */
    interface Jobs {
        /** What a job is made of (its files or JSON, cut in pieces), until the job is done; then it may expire. */
        @WithDefault("document-jobs")
        String inputTopic();

        /** Each job's progress and, once done, its per-item results: compacted, kept for {@link #retention()}. */
        @WithDefault("document-jobs.status")
        String statusTopic();

        /** Consumer group of the instances: a job is worked on by the instance its input partition is assigned to. */
        @WithDefault("ingest-jobs")
        String group();

        /** How long a job's input and results are kept. */
        @WithDefault("7d")
        Duration retention();

        /**
         * How long a job keeps retrying items Kafka did not take (an outage) before it reports them failed. Retrying
         * never stores an item twice: each item carries its job's Idempotency-Key.
         */
        @WithDefault("10m")
        Duration retryFor();

        /** Items submitted between two progress reports. */
        @WithDefault("100")
        int sliceItems();
    }

    /** Bounds that keep a zip bomb from exhausting disk or memory. */
    interface Zip {
        @WithDefault("1000")
        int maxEntries();

        /** All members together, expanded. */
        @WithDefault("524288000")
        long maxExpandedBytes();

        /** Expanded size over compressed size, for any member over 1 MiB. */
        @WithDefault("100")
        int maxCompressionRatio();
    }
}
