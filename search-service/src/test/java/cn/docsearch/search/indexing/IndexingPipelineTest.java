package cn.docsearch.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import cn.docsearch.search.index.IndexTarget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class IndexingPipelineTest {
    @Test
    void aStoppedPipelineTakesItsIndexsMetersAwayAndLeavesTheOthers() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        Timer retired = Timer.builder("docsearch.indexing.yielded").tag("index", "documents-v8").register(registry);
        Timer live = Timer.builder("docsearch.indexing.yielded").tag("index", "documents-v9").register(registry);
        IndexingPipeline pipeline = new IndexingPipeline(new IndexTarget("documents-v8", true), List.of(),
                List.of(retired), registry);

        pipeline.stop();

        assertThat(registry.find("docsearch.indexing.yielded").timers()).containsExactly(live);
    }
}
