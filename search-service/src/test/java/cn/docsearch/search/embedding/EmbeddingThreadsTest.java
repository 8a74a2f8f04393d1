package cn.docsearch.search.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The model's own threads, as a running service has them. */
class EmbeddingThreadsTest {
    @Test
    void passagesRunBelowTheQueryLane() throws Exception {
        ChineseEmbeddingModel model = new ChineseEmbeddingModel(2, 1);
        try {
            model.embed(List.of("政府工作报告", "乡村振兴"));
            model.embedQuery("重点任务");
            // where the JVM maps priorities to nicenesses, a passage then leaves the cores to a search's threads
            assertThat(thread("embedding-1").getPriority()).isEqualTo(Thread.MIN_PRIORITY);
            assertThat(thread("embedding-query-1").getPriority()).isEqualTo(Thread.NORM_PRIORITY);
            assertThat(thread("embedding-1").isDaemon()).isTrue();
        } finally {
            model.close();
        }
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No thread " + name));
    }
}
