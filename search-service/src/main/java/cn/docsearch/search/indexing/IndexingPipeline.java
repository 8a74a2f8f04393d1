package cn.docsearch.search.indexing;

import cn.docsearch.search.index.IndexTarget;

/** The two stages that fill one index from the topic: keyword indexing, and embedding behind it. */
public final class IndexingPipeline {
    private final IndexTarget target;
    private final DocumentEventConsumer indexing;
    private final PassageEmbeddingConsumer embedding;

    IndexingPipeline(IndexTarget target, DocumentEventConsumer indexing, PassageEmbeddingConsumer embedding) {
        this.target = target;
        this.indexing = indexing;
        this.embedding = embedding;
    }

    public IndexTarget target() {
        return target;
    }

    public ConsumerStage indexing() {
        return indexing;
    }

    public ConsumerStage embedding() {
        return embedding;
    }

    /** False once a stage's loop has ended by itself (an unexpected failure), so it can be started again. */
    public boolean isRunning() {
        return indexing.isRunning() && embedding.isRunning();
    }

    void start() {
        indexing.startLoop();
        embedding.startLoop();
    }

    /**
     * Both stages finish and commit the batch in hand (within a grace period) and leave their consumer groups, so
     * their partitions go to the other instances at once.
     */
    public void stop() throws InterruptedException {
        indexing.requestStop();
        embedding.requestStop();
        indexing.awaitStop();
        embedding.awaitStop();
    }
}
