package cn.docsearch.search.admin;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.index.IndexLayout;
import cn.docsearch.search.index.IndexManager;
import cn.docsearch.search.index.IndexTarget;
import cn.docsearch.search.indexing.ConsumerStage;
import cn.docsearch.search.indexing.IndexingPipeline;
import cn.docsearch.search.indexing.IndexingPipelines;
import cn.docsearch.search.metrics.SearchMetrics;
import cn.docsearch.search.scheduling.DaemonThreads;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;

/**
 * Keeps this instance's stages in line with the index layout every instance reads from Elasticsearch's aliases:
 * stages for the live index, stages for an index being built beside it, none for anything else. While an index is
 * built, searches and new uploads keep going to the live one; once the new index's stages are no further behind
 * the topic than the live ones, the alias moves to it in one atomic step and the old index is deleted when no
 * instance consumes for it any more. A release with a newer mapping version starts such a build by itself.
 */
@Singleton
public class IndexLifecycle {
    private static final Logger LOG = Logger.getLogger(IndexLifecycle.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 10;

    private final SearchConfig config;
    private final IndexManager indexManager;
    private final IndexingPipelines pipelines;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            task -> DaemonThreads.named(task, "index-lifecycle"));
    /** Read by health checks without the lock a pass holds while it stops stages (seconds). */
    private final Map<IndexTarget, IndexingPipeline> running = new ConcurrentHashMap<>();
    /** Retired indexes seen on the previous pass: one is deleted only when seen retired twice, stages gone. */
    private Set<String> retiredBefore = Set.of();
    private volatile String lastFailure;
    private volatile Instant lastPassEnded = Instant.now();

    public IndexLifecycle(SearchConfig config, IndexManager indexManager, IndexingPipelines pipelines, SearchMetrics metrics) {
        this.config = config;
        this.indexManager = indexManager;
        this.pipelines = pipelines;
        for (String stage : List.of("indexing", "embedding")) {
            metrics.stageLag(stage, this, lifecycle -> lifecycle.live().flatMap(live -> live.stage(stage))
                    .map(ConsumerStage::lag).orElse(-1L));
        }
    }

    /** Where each index stands; stages' lags are read from the consumer groups, so they cover every instance. */
    public record IndexState(String index, String version, long documents, long indexingLag, long embeddingLag) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String alias, IndexState live, IndexState building, List<String> retired, String lastFailure) {
    }

    void start(@Observes StartupEvent startup) {
        scheduler.scheduleWithFixedDelay(this::reconcileLogged, 0, config.index().reconcileInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        synchronized (this) {
            for (IndexingPipeline pipeline : running.values()) {
                pipeline.stop();
            }
            running.clear();
        }
    }

    /** The stages filling the live index on this instance, if started. */
    public Optional<IndexingPipeline> live() {
        return running.values().stream().filter(pipeline -> pipeline.target().live()).findFirst();
    }

    /** The stages filling an index being built on this instance, if any. */
    public Optional<IndexingPipeline> building() {
        return running.values().stream().filter(pipeline -> !pipeline.target().live()).findFirst();
    }

    /** Why the last pass failed (Elasticsearch or Kafka unreachable), or null. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Starts building a new index of the configured version from the topic.
     *
     * @return the new index's name, or empty when one is being built already
     */
    public Optional<String> rebuild() throws IOException {
        Optional<String> index = indexManager.startBuilding(Optional.empty());
        index.ifPresent(started -> scheduler.execute(this::reconcileLogged));
        return index;
    }

    /** Gives up the index being built; the live one stays. */
    public boolean cancel() throws IOException {
        boolean cancelled = indexManager.cancelBuilding();
        if (cancelled) {
            scheduler.execute(this::reconcileLogged);
        }
        return cancelled;
    }

    public Status status() throws IOException {
        IndexLayout layout = indexManager.layout();
        Map<TopicPartition, Long> starts = offsets(OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(OffsetSpec.latest());
        IndexState building = layout.building().isPresent() ? state(layout.building().get(), starts, ends) : null;
        return new Status(indexManager.alias(), state(layout.live(), starts, ends), building, layout.retired(), lastFailure);
    }

    private IndexState state(String index, Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) throws IOException {
        return new IndexState(index, indexManager.versionOf(index), indexManager.count(index),
                lag(done(config.consumer().groupId(), index, starts), ends),
                lag(done(config.embedding().groupId(), index, starts), ends));
    }

    /** When the last pass over the layout ended, whether it succeeded or not; a pass that hangs stops moving it. */
    public Instant lastPassEnded() {
        return lastPassEnded;
    }

    private void reconcileLogged() {
        try {
            reconcile();
            lastFailure = null;
        } catch (IOException | ElasticsearchException | KafkaAdminException e) {
            lastFailure = e.getMessage();
            LOG.warnf("Index layout not reconciled, retrying in %s: %s", config.index().reconcileInterval(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            lastFailure = e.toString();
            LOG.error("Index layout not reconciled", e);
        } finally {
            lastPassEnded = Instant.now();
        }
    }

    private synchronized void reconcile() throws IOException, InterruptedException {
        IndexLayout layout = indexManager.layout();
        if (layout.building().isEmpty()
                && IndexManager.isNewer(config.index().version(), indexManager.versionOf(layout.live()))) {
            LOG.infof("Index %s has an older mapping version than %s: building %s", layout.live(),
                    config.index().version(), indexManager.configuredIndex());
            indexManager.startBuilding(Optional.of(indexManager.configuredIndex()));
            layout = indexManager.layout();
        }
        Set<IndexTarget> wanted = new HashSet<>();
        wanted.add(new IndexTarget(layout.live(), true));
        layout.building().ifPresent(index -> wanted.add(new IndexTarget(index, false)));
        for (IndexTarget target : new ArrayList<>(running.keySet())) {
            if (!wanted.contains(target)) {
                running.remove(target).stop();
            } else if (!running.get(target).isRunning()) {
                // a loop ended by a failure nobody foresaw: start it again rather than leave the index behind
                LOG.warnf("Stages of %s had stopped; starting them again", target.index());
                running.remove(target).stop();
            }
        }
        for (IndexTarget target : wanted) {
            if (!running.containsKey(target)) {
                // an index built by an earlier release has none yet; a write would create it with a guessed mapping
                indexManager.ensureVectorsIndex(target.index());
                running.put(target, pipelines.start(target));
            }
        }
        if (layout.building().isPresent() && caughtUp(layout.building().get(), layout.live())) {
            try {
                indexManager.switchTo(layout.building().get(), layout.live());
            } catch (ElasticsearchException e) {
                // another instance switched or cancelled first (an alias to remove was gone): the next pass sees it
                LOG.infof("Alias not switched: %s", e.getMessage());
            }
        }
        deleteRetired(layout.retired());
    }

    /**
     * Whether both stages of the new index have done, partition by partition, everything the live index's stages
     * have (up to the slack): then every document searchable now is in the new index too.
     */
    private boolean caughtUp(String building, String live) {
        long behind = 0;
        Map<TopicPartition, Long> starts = offsets(OffsetSpec.earliest());
        for (String base : stageGroups()) {
            Map<TopicPartition, Long> liveDone = done(base, live, starts);
            Map<TopicPartition, Long> buildingDone = done(base, building, starts);
            for (Map.Entry<TopicPartition, Long> partition : liveDone.entrySet()) {
                behind += Math.max(0, partition.getValue() - buildingDone.get(partition.getKey()));
            }
        }
        return behind <= config.index().catchUpSlack();
    }

    /**
     * Deletes retired indexes once no instance consumes for them (both groups empty) and they were retired on the
     * previous pass already: a stage started from a layout read just before the switch has left by then, so it
     * never writes into (and so re-creates) a deleted index.
     */
    private void deleteRetired(List<String> retired) throws IOException {
        Set<String> seen = new HashSet<>(retired);
        for (String index : retired) {
            List<String> groups = stageGroups().stream().map(base -> indexManager.consumerGroup(base, index)).toList();
            if (retiredBefore.contains(index) && unused(groups)) {
                indexManager.delete(index);
                seen.remove(index);
                try {
                    admin(pipelines.admin().deleteConsumerGroups(groups).all());
                } catch (KafkaAdminException e) {
                    // a group that never committed does not exist; one left over would only expire after its retention
                    LOG.infof("Consumer groups %s of %s not deleted: %s", groups, index, e.getMessage());
                }
            }
        }
        retiredBefore = seen;
    }

    /** The base consumer groups of the two stages, keyword indexing then embedding; each index appends its suffix. */
    private List<String> stageGroups() {
        return List.of(config.consumer().groupId(), config.embedding().groupId());
    }

    private boolean unused(List<String> groups) {
        Map<String, ConsumerGroupDescription> described = admin(pipelines.admin().describeConsumerGroups(groups).all());
        return described.values().stream().allMatch(group -> group.members().isEmpty()
                && (group.groupState() == GroupState.EMPTY || group.groupState() == GroupState.DEAD));
    }

    /** Events of the whole topic a group has not committed yet, over every instance. */
    private static long lag(Map<TopicPartition, Long> done, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().mapToLong(end -> Math.max(0, end.getValue() - done.getOrDefault(end.getKey(), 0L))).sum();
    }

    /** Per partition of the topic, the offset up to which this group has committed (the start when it has not yet). */
    private Map<TopicPartition, Long> done(String base, String index, Map<TopicPartition, Long> starts) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin(pipelines.admin()
                .listConsumerGroupOffsets(indexManager.consumerGroup(base, index)).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> done = new HashMap<>(starts);
        committed.forEach((partition, offset) -> {
            if (offset != null && done.containsKey(partition)) {
                done.put(partition, offset.offset());
            }
        });
        return done;
    }

    private Map<TopicPartition, Long> offsets(OffsetSpec spec) {
        Admin admin = pipelines.admin();
        String topic = config.consumer().topic();
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        admin(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions()
                .forEach(info -> request.put(new TopicPartition(topic, info.partition()), spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static <T> T admin(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaAdminException("Kafka admin request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAdminException("Interrupted", e);
        }
    }
}
