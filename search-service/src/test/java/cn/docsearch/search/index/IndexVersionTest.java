package cn.docsearch.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A release builds a new index only for a newer mapping version, so an older release beside it never builds back. */
class IndexVersionTest {

    @Test
    void versionsCompareByNumberNotByText() {
        assertThat(IndexManager.isNewer("v5", "v4")).isTrue();
        assertThat(IndexManager.isNewer("v10", "v9")).isTrue();
        assertThat(IndexManager.isNewer("v4", "v4")).isFalse();
        assertThat(IndexManager.isNewer("v4", "v5")).isFalse();
        assertThat(IndexManager.isNewer("v9", "v10")).isFalse();
    }
}
