package cn.docsearch.search.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void aSingleThreadKeepsItsMakersPriorityWhoeverSubmitsFirst() throws Exception {
        ExecutorService writer = DaemonThreads.singleThread("embedding-writer");
        try {
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            // a passage thread submits first, as the embedding stage's do: a thread made by it would run at its priority
            Thread passage = new Thread(() -> writer.execute(() -> ranOn.complete(Thread.currentThread())));
            passage.setPriority(Thread.MIN_PRIORITY);
            passage.start();
            Thread thread = ranOn.get(10, TimeUnit.SECONDS);
            assertThat(thread.getPriority()).isEqualTo(Thread.currentThread().getPriority()).isGreaterThan(Thread.MIN_PRIORITY);
            assertThat(thread.getName()).isEqualTo("embedding-writer");
            assertThat(thread.isDaemon()).isTrue();
        } finally {
            writer.shutdownNow();
        }
    }
}
