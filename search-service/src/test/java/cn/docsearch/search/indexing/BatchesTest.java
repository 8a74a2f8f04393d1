package cn.docsearch.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/** Offsets carry the id of the topic they were committed on, so a recreated topic is read from its start. */
class BatchesTest {

    @Test
    void anOffsetOfAnEarlierTopicOfTheSameNameIsRecognised() {
        assertThat(Batches.fromOtherTopic(new OffsetAndMetadata(45, "old-id"), "new-id")).isTrue();
        assertThat(Batches.fromOtherTopic(new OffsetAndMetadata(45, "new-id"), "new-id")).isFalse();
        // committed before offsets carried the id, or never committed: kept as they are
        assertThat(Batches.fromOtherTopic(new OffsetAndMetadata(45), "new-id")).isFalse();
        assertThat(Batches.fromOtherTopic(null, "new-id")).isFalse();
    }
}
