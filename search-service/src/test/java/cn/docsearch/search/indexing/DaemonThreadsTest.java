package cn.docsearch.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void aStageThreadMadeByAPassageThreadRunsAtNormalPriority() throws Exception {
        CompletableFuture<Thread> made = new CompletableFuture<>();
        Thread passage = new Thread(() -> made.complete(DaemonThreads.named(() -> { }, "embedding-writer")));
        passage.setPriority(Thread.MIN_PRIORITY);
        passage.start();
        Thread stage = made.get(10, TimeUnit.SECONDS);
        assertThat(stage.getPriority()).isEqualTo(Thread.NORM_PRIORITY);
        assertThat(stage.isDaemon()).isTrue();
    }
}
