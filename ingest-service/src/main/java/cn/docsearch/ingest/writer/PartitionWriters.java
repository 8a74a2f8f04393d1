package cn.docsearch.ingest.writer;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.document.RequestedWrite;
import cn.docsearch.ingest.event.DocumentEvent;
import cn.docsearch.ingest.originals.OriginalFile;
import cn.docsearch.ingest.originals.OriginalsView;
import cn.docsearch.ingest.registry.DocumentRegistry;
import cn.docsearch.ingest.registry.RegistryBackfill;
import cn.docsearch.ingest.topics.DocumentTopics;
import cn.docsearch.kafka.PoisonRecords;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.smallrye.common.annotation.Identifier;

/**
 * Which instance writes which documents. The instances form a consumer group on the registry topic; each partition
 * assigned to this instance gets a {@link PartitionWriter}, and a document belongs to the partition of its id (as
 * Kafka's default partitioner would place it). The group's member list, with each member's URL in its client id, tells
 * where to forward a write of a partition this instance does not own.
 */
@ApplicationScoped
public class PartitionWriters {
    private static final Logger LOG = Logger.getLogger(PartitionWriters.class);
    private static final String CLIENT_ID_PREFIX = "ingest-writer@";
    /** How long the list of owners is trusted before it is read again (it is also read again on any miss). */
    private static final Duration OWNERS_TTL = Duration.ofSeconds(5);

    private final IngestConfig config;
    private final Map<String, Object> kafkaConfig;
    private final DocumentRegistry registry;
    private final RegistryBackfill backfill;
    private final OriginalsView originals;
    private final ObjectMapper objectMapper;
    private final Instance<HttpServer> httpServer;
    private final int configuredPort;
    private final Map<Integer, PartitionWriter> writers = new ConcurrentHashMap<>();
    private volatile int partitionCount;
    private volatile Map<Integer, URI> owners = Map.of();
    private volatile long ownersReadAt;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile String url;
    private Admin admin;
    private Thread membership;

    public PartitionWriters(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                            DocumentRegistry registry, OriginalsView originals, ObjectMapper objectMapper,
                            Instance<HttpServer> httpServer, @ConfigProperty(name = "quarkus.http.port") int configuredPort,
                            PoisonRecords poison) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.registry = registry;
        this.originals = originals;
        this.objectMapper = objectMapper;
        this.httpServer = httpServer;
        this.configuredPort = configuredPort;
        this.backfill = new RegistryBackfill(config, kafkaConfig, objectMapper, poison);
    }

    void start(@Observes StartupEvent startup) {
        DocumentTopics.ensure(config, kafkaConfig);
        Map<String, Object> adminConfig = new HashMap<>(kafkaConfig);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.publishTimeout().toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.publishTimeout().toMillis() / 2);
        admin = Admin.create(adminConfig);
        running = true;
        membership = new Thread(this::joinGroup, "ingest-writer-group");
        membership.setDaemon(true);
        membership.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        membership.join(config.publishTimeout().toMillis() + 10_000);
        admin.close(Duration.ofSeconds(1));
    }

    /** The partition a document's records go to, in every topic. */
    public int partitionOf(String id) {
        int partitions = partitionCount;
        if (partitions == 0) {
            throw new PublishException("ingest-service has not reached Kafka yet", null);
        }
        return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Writes through this instance's writer of the partition, if it owns it.
     *
     * @param event    for an upload, the event to publish if the writer takes it as a new version (which it numbers)
     * @param original for an uploaded file, the file kept with that version (null for a text or a deletion)
     */
    public Optional<CompletableFuture<IngestOutcome>> writeLocally(int partition, RequestedWrite write, DocumentEvent event,
                                                                   OriginalFile original) {
        return Optional.ofNullable(writers.get(partition)).map(writer -> writer.submit(write, event, original));
    }

    /** The base URL of the instance that writes the partition, read again when {@code refresh} or when stale. */
    public Optional<URI> owner(int partition, boolean refresh) {
        if (refresh || System.nanoTime() - ownersReadAt > OWNERS_TTL.toNanos() || !owners.containsKey(partition)) {
            readOwners();
        }
        return Optional.ofNullable(owners.get(partition));
    }

    /** Where a partition of one of the document topics ends: its number, and the offset after its last record. */
    public record PartitionEnd(int partition, long offset) {
    }

    /**
     * Where the document's partition of the topic (the registry, or the originals' manifests) ends, for a read that
     * must see every write acknowledged before it: its high watermark, below which every acknowledged write is
     * (acks=all), and which a read_committed follower passes only once the transactions below it are resolved (a
     * commit's markers are written after the commit returns, so the last stable offset could still be before a write
     * already acknowledged). Empty when this instance writes the partition itself (a writer records each write in its
     * views before acknowledging it), when the partitions are not known yet, or when Kafka does not answer within the
     * wait.
     */
    public Optional<PartitionEnd> endForRead(String topic, String id, Duration wait) {
        if (partitionCount == 0) {
            return Optional.empty();
        }
        int partition = partitionOf(id);
        PartitionWriter writer = writers.get(partition);
        if (writer != null && writer.isReady()) {
            return Optional.empty();
        }
        TopicPartition topicPartition = new TopicPartition(topic, partition);
        KafkaFuture<ListOffsetsResultInfo> end = admin.listOffsets(Map.of(topicPartition, OffsetSpec.latest()))
                .partitionResult(topicPartition);
        try {
            return Optional.of(new PartitionEnd(partition, end.get(wait.toMillis(), TimeUnit.MILLISECONDS).offset()));
        } catch (ExecutionException | TimeoutException e) {
            end.cancel(true);
            LOG.warnf("Could not read where %s ends (%s): a read answers from what this instance knows", topicPartition,
                    e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            end.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Every partition this instance owns has a writer that took it over (fenced the previous one, caught up). */
    public boolean writersReady() {
        return writers.values().stream().allMatch(PartitionWriter::isReady);
    }

    private synchronized void readOwners() {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(config.writerGroup())).all()
                    .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS).get(config.writerGroup());
            Map<Integer, URI> read = new HashMap<>();
            for (MemberDescription member : group.members()) {
                if (member.clientId().startsWith(CLIENT_ID_PREFIX)) {
                    URI memberUrl = URI.create(member.clientId().substring(CLIENT_ID_PREFIX.length()));
                    member.assignment().topicPartitions().forEach(partition -> read.put(partition.partition(), memberUrl));
                }
            }
            owners = read;
            ownersReadAt = System.nanoTime();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("Could not read the writer group: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void joinGroup() {
        try {
            url = config.advertisedUrl().isPresent() ? config.advertisedUrl().get() : defaultUrl();
        } catch (InterruptedException e) {
            return;
        }
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(groupConfig(), new StringDeserializer(),
                new StringDeserializer())) {
            consumer = kafka;
            kafka.subscribe(List.of(config.registryTopic()), new Assignments());
            while (running) {
                if (partitionCount == 0) {
                    List<PartitionInfo> partitions = kafka.partitionsFor(config.registryTopic(), config.publishTimeout());
                    partitionCount = partitions == null ? 0 : partitions.size();
                }
                kafka.poll(Duration.ofMillis(500));
                // membership only: the records are read by the registry
                kafka.pause(kafka.assignment());
                restartStoppedWriters(kafka.assignment());
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("ingest-service left the writer group", e);
        } finally {
            closeWriters(List.copyOf(writers.keySet()));
        }
    }

    /**
     * A writer that stopped while this instance still holds its partition (fenced after its membership had lapsed
     * and came back, or failed in a way nobody foresaw): the group says the partition is this instance's, so a new
     * writer takes it over.
     */
    private void restartStoppedWriters(Collection<TopicPartition> assignment) {
        for (TopicPartition partition : assignment) {
            PartitionWriter writer = writers.get(partition.partition());
            if (writer != null && !writer.isRunning()) {
                LOG.warnf("Restarting the writer of partition %d", partition.partition());
                startWriter(partition.partition());
            }
        }
    }

    private void startWriter(int partition) {
        PartitionWriter writer = new PartitionWriter(partition, config, kafkaConfig, registry, objectMapper, backfill,
                originals);
        writers.put(partition, writer);
        writer.start();
    }

    private final class Assignments implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> startWriter(partition.partition()));
            if (!partitions.isEmpty()) {
                LOG.infof("This instance (%s) now writes partitions %s", url, partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            closeWriters(partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }

    private void closeWriters(List<Integer> partitions) {
        for (Integer partition : partitions) {
            PartitionWriter writer = writers.remove(partition);
            if (writer != null) {
                try {
                    writer.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** This host's name and the port the HTTP server listens on, once it listens (a random one in tests). */
    private String defaultUrl() throws InterruptedException {
        int port = configuredPort;
        if (httpServer.isResolvable()) {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (httpServer.get().getPort() <= 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            port = httpServer.get().getPort() > 0 ? httpServer.get().getPort() : configuredPort;
        }
        try {
            return "http://" + InetAddress.getLocalHost().getHostName() + ":" + port;
        } catch (UnknownHostException e) {
            return "http://127.0.0.1:" + port;
        }
    }

    private Map<String, Object> groupConfig() {
        Map<String, Object> groupConfig = new HashMap<>(kafkaConfig);
        groupConfig.put(ConsumerConfig.GROUP_ID_CONFIG, config.writerGroup());
        groupConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID_PREFIX + url);
        groupConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // the topics are created with their settings at start-up, never by a broker default
        groupConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // only the partitions that move change writers when an instance comes or goes
        groupConfig.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // an instance that died hands its partitions over after this long (one that stops leaves the group at once)
        groupConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        groupConfig.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return groupConfig;
    }
}
