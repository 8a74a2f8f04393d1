package cn.docsearch.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.gateway.api.PlatformStats;

class PlatformStatsServiceTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void collectionsOfEitherSideAreCountedAndNoBacklogIsNegative() throws Exception {
        JsonNode accepted = mapper.readTree("""
                {"collections": [{"collection": "default", "documents": 10}, {"collection": "hr", "documents": 1}]}""");
        JsonNode indexed = mapper.readTree("""
                {"collections": [{"collection": "default", "indexed": 7, "embedded": 5},
                                 {"collection": "hr", "indexed": 2, "embedded": 2},
                                 {"collection": "legal", "indexed": 1, "embedded": 0}],
                 "failed": 1, "indexingLag": 3, "embeddingLag": 4, "embeddingBacklog": {"documents": 3, "estimatedSeconds": 40},
                 "lastFailures": [{"id": "bad", "collection": "default", "reason": "no text",
                                   "failedAt": "2026-12-01T10:00:00Z", "stage": "embedding"},
                                  {"id": "older", "reason": "mapping"}]}""");

        PlatformStats stats = PlatformStatsService.combine(accepted, indexed);

        assertThat(stats.collections()).containsExactly(
                new PlatformStats.CollectionStats("default", 10, 3, 7, 5),
                new PlatformStats.CollectionStats("hr", 1, 0, 2, 2),
                new PlatformStats.CollectionStats("legal", 0, 0, 1, 0));
        assertThat(stats.totals()).isEqualTo(new PlatformStats.Totals(11, 3, 10, 7, 1));
        assertThat(stats.lag()).isEqualTo(new PlatformStats.Lag(3, 4, 3, 40L));
        assertThat(stats.lastFailures()).isEqualTo(List.of(
                new PlatformStats.Failure("bad", "default", "no text", Instant.parse("2026-12-01T10:00:00Z"), "embedding"),
                new PlatformStats.Failure("older", null, "mapping", null, "indexing")));
    }
}
