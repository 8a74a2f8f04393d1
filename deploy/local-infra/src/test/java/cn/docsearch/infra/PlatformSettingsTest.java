package cn.docsearch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
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
                8081, 8082, "1g", "512m", 5), settings);
    }
}
