package cn.docsearch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlatformSettingsTest {

    /** Every setting differs from its default, so one that toEnvironment leaves out comes back as the default. */
    @Test
    void settingsComeBackWholeFromTheirEnvironment() {
        PlatformSettings settings = new PlatformSettings(Path.of("/tmp/platform-a").toAbsolutePath(), 19092, 19093,
                19200, 19300, 18080, 18081, 18082, "3g", "2g", 0);

        assertEquals(settings, PlatformSettings.fromEnvironment(settings.toEnvironment(), Path.of("/tmp/platform-b")));
    }

    @Test
    void anEmptyEnvironmentGivesTheDocumentedDefaults() {
        PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of(), Path.of("/tmp/platform-c"));

        assertEquals(new PlatformSettings(Path.of("/tmp/platform-c").toAbsolutePath(), 9092, 9093, 9200, 9300, 8080,
                8081, 8082, "1g", "256m", 5), settings);
    }

    @Test
    void aNicenessTheSchedulerDoesNotKnowIsRefusedByName() {
        for (String value : List.of("20", "-1", "low")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PlatformSettings
                    .fromEnvironment(Map.of("DOCSEARCH_BACKGROUND_NICENESS", value), Path.of("/tmp/platform-d")));
            assertTrue(refused.getMessage().contains("DOCSEARCH_BACKGROUND_NICENESS"), refused.getMessage());
        }
        assertEquals(0, PlatformSettings.fromEnvironment(Map.of("DOCSEARCH_BACKGROUND_NICENESS", "0"),
                Path.of("/tmp/platform-d")).backgroundNiceness());
    }
}
