package cn.docsearch.search.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SearchesInFlightTest {
    private final SearchesInFlight searches = new SearchesInFlight();

    @Test
    void aPassageGoesOnAtOnceWhenNoSearchRuns() {
        searches.begin().end();
        // would wait the full minute if the finished search were still counted
        CompletableFuture<Void> passage = CompletableFuture.runAsync(this::awaitForAMinute);
        assertThat(passage).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void aPassageWaitsUntilTheLastSearchEnds() throws InterruptedException {
        SearchesInFlight.Search first = searches.begin();
        SearchesInFlight.Search second = searches.begin();
        CompletableFuture<Void> passage = CompletableFuture.runAsync(this::awaitForAMinute);
        first.end();
        // a cancel after the answer ends the same search again: it counts once
        first.end();
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(passage).isNotDone();
        second.end();
        assertThat(passage).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void aSteadySearchHoldsAPassageForTheBoundOnly() {
        searches.begin();
        CompletableFuture<Void> passage = CompletableFuture.runAsync(() -> {
            try {
                searches.awaitNone(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(passage).succeedsWithin(Duration.ofSeconds(10));
    }

    private void awaitForAMinute() {
        try {
            searches.awaitNone(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
