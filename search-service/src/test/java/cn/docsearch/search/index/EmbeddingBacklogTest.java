package cn.docsearch.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The backlog's estimate, from a view of the vectors index that a backlog refreshes only every few minutes. */
class EmbeddingBacklogTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant SINCE = NOW.minus(EmbeddingBacklog.RATE_WINDOW);

    @Test
    void theRateIsOfTheTimeTheRefreshedViewCoversNotOfTheWholeWindow() {
        // refreshed 90 s ago: what was embedded since is not counted, nor is its time
        Duration span = EmbeddingBacklog.viewedSpan(SINCE, NOW.minusSeconds(90), NOW);
        assertThat(span).isEqualTo(Duration.ofSeconds(210));
        // 420 documents in 210 s: 600 waiting take 300 s (the whole window would have said 429)
        assertThat(EmbeddingBacklog.secondsToEmbed(600, 420, span)).isEqualTo(300);
    }

    @Test
    void aStageIdleAtTheEndOfTheWindowIsNotTakenForAFasterOne() {
        // the last document counted is 4 minutes old: the view was refreshed since, so the stage embedded nothing after
        assertThat(EmbeddingBacklog.viewedSpan(SINCE, NOW.minus(Duration.ofMinutes(4)), NOW))
                .isEqualTo(EmbeddingBacklog.RATE_WINDOW.minus(EmbeddingBacklog.VIEW_LAG));
        assertThat(EmbeddingBacklog.viewedSpan(SINCE, NOW.minusSeconds(5), NOW)).isEqualTo(Duration.ofSeconds(295));
    }

    @Test
    void theLagAllowedForIsTheVectorsIndexsOwnRefreshInterval() throws Exception {
        try (InputStream definition = getClass().getResourceAsStream("/elasticsearch/vectors-index.json")) {
            String interval = new ObjectMapper().readTree(definition).path("settings").path("index")
                    .path("refresh_interval").asText();
            assertThat(interval).isEqualTo(EmbeddingBacklog.VIEW_LAG.toMinutes() + "m");
        }
    }
}
