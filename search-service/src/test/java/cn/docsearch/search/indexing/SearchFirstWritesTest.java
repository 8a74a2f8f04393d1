package cn.docsearch.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import cn.docsearch.search.index.TransientIndexingException;
import cn.docsearch.search.scheduling.SearchesInFlight;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class SearchFirstWritesTest {
    private final SearchesInFlight searches = new SearchesInFlight();
    private final List<List<Integer>> written = new CopyOnWriteArrayList<>();
    private final Timer yielded = Timer.builder("yielded").register(new SimpleMeterRegistry());

    @Test
    void aBatchGoesInSlicesInItsOrderAndGathersWhatEachRefused() throws Exception {
        SearchFirstWrites writes = new SearchFirstWrites(searches, 2, Duration.ofMinutes(1), yielded);

        List<String> refused = writes.write(List.of(1, 2, 3, 4, 5), slice -> {
            written.add(List.copyOf(slice));
            return slice.stream().filter(n -> n % 2 == 0).map(n -> "refused " + n).toList();
        });

        assertThat(written).containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
        assertThat(refused).containsExactly("refused 2", "refused 4");
    }

    @Test
    void aSearchInFlightHoldsTheNextSliceUntilItEnds() throws Exception {
        SearchFirstWrites writes = new SearchFirstWrites(searches, 1, Duration.ofMinutes(1), yielded);
        SearchesInFlight.Search search = searches.begin();

        CompletableFuture<List<Object>> batch = CompletableFuture.supplyAsync(() -> writeAll(writes, List.of(1, 2)));
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(written).isEmpty();

        search.end();
        assertThat(batch).succeedsWithin(Duration.ofSeconds(10));
        assertThat(written).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void aSearchBegunBetweenSlicesHoldsTheNext() throws Exception {
        SearchFirstWrites writes = new SearchFirstWrites(searches, 1, Duration.ofMinutes(1), yielded);
        List<SearchesInFlight.Search> begun = new CopyOnWriteArrayList<>();

        CompletableFuture<List<Object>> batch = CompletableFuture.supplyAsync(() -> {
            try {
                return writes.write(List.of(1, 2), slice -> {
                    written.add(List.copyOf(slice));
                    begun.add(searches.begin());
                    return List.of();
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(written).containsExactly(List.of(1));

        begun.get(0).end();
        assertThat(batch).succeedsWithin(Duration.ofSeconds(10));
        assertThat(written).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void aSteadySearchHoldsEachSliceForTheBoundOnly() {
        SearchFirstWrites writes = new SearchFirstWrites(searches, 1, Duration.ofMillis(100), yielded);
        searches.begin();
        long started = System.nanoTime();

        CompletableFuture<List<Object>> batch = CompletableFuture.supplyAsync(() -> writeAll(writes, List.of(1, 2, 3)));

        assertThat(batch).succeedsWithin(Duration.ofSeconds(10));
        assertThat(written).hasSize(3);
        // each of the three slices waited out its bound, and the timer says so
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(yielded.count()).isEqualTo(3);
        assertThat(yielded.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aFailedSliceEndsTheBatchBeforeTheNextIsWritten() {
        SearchFirstWrites writes = new SearchFirstWrites(searches, 1, Duration.ZERO, yielded);

        assertThatThrownBy(() -> writes.write(List.of(1, 2, 3), slice -> {
            written.add(List.copyOf(slice));
            if (slice.contains(2)) {
                throw new TransientIndexingException("Elasticsearch away", null);
            }
            return List.of();
        })).isInstanceOf(TransientIndexingException.class);
        assertThat(written).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void aSliceHoldsAtLeastOneWrite() {
        assertThatThrownBy(() -> new SearchFirstWrites(searches, 0, Duration.ZERO, yielded))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<Object> writeAll(SearchFirstWrites writes, List<Integer> batch) {
        try {
            return writes.write(batch, slice -> {
                written.add(List.copyOf(slice));
                return List.of();
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
