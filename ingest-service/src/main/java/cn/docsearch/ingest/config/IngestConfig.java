package cn.docsearch.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** Topic the document events are published to. */
    @WithDefault("documents")
    String topic();

    /** Partitions of the topic when this service creates it. */
    @WithDefault("3")
    int topicPartitions();

    /** Replication factor of the topic when this service creates it. */
    @WithDefault("1")
    short topicReplicationFactor();

    /**
     * How long a request waits for Kafka to acknowledge before answering 503. The producer gives up on the
     * record within the same bound, so a request answered 503 is not published later.
     */
    @WithDefault("10s")
    Duration publishTimeout();

    /** Largest document body accepted, in characters; larger ones get 413. */
    @WithName("max-body-chars")
    @WithDefault("4000000")
    int maxBodyChars();
}
