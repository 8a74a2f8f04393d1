package cn.docsearch.search.indexing;

import java.util.List;
import java.util.Optional;

import cn.docsearch.search.index.IndexTarget;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The stages that fill one index from the topic on this instance: keyword indexing, and embedding behind it, each
 * only where the instance has its role ({@code search.roles}); an instance that only answers queries runs none.
 */
public final class IndexingPipeline {
    private final IndexTarget target;
    private final List<ConsumerStage> stages;
    private final List<Meter> meters;
    private final MeterRegistry registry;

    /**
     * @param meters what the stages report of this index alone, removed once they stop: the index may be retired (a
     *               pipeline started again for it, or for it gone live, registers them anew, from zero)
     */
    IndexingPipeline(IndexTarget target, List<ConsumerStage> stages, List<Meter> meters, MeterRegistry registry) {
        this.target = target;
        this.stages = List.copyOf(stages);
        this.meters = List.copyOf(meters);
        this.registry = registry;
    }

    public IndexTarget target() {
        return target;
    }

    /** This instance's stages, in the order documents go through them. */
    public List<ConsumerStage> stages() {
        return stages;
    }

    /** The stage that does this ("indexing", "embedding"), when this instance runs it. */
    public Optional<ConsumerStage> stage(String stage) {
        return stages.stream().filter(running -> running.stage().equals(stage)).findFirst();
    }

    /** False once a stage's loop has ended by itself (an unexpected failure), so it can be started again. */
    public boolean isRunning() {
        return stages.stream().allMatch(ConsumerStage::isRunning);
    }

    void start() {
        stages.forEach(ConsumerStage::startLoop);
    }

    /**
     * Every stage finishes and commits the batch in hand (within a grace period) and leaves its consumer group, so
     * its partitions go to the other instances at once.
     */
    public void stop() throws InterruptedException {
        stages.forEach(ConsumerStage::requestStop);
        try {
            for (ConsumerStage stage : stages) {
                stage.awaitStop();
            }
        } finally {
            meters.forEach(registry::remove);
        }
    }
}
