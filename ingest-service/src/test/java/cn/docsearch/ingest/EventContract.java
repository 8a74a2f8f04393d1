package cn.docsearch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

/** The published contract, docs/events/document-event.schema.json, as the producer's tests check it. */
public final class EventContract {
    private static final Path SCHEMA = Path.of("..", "docs", "events", "document-event.schema.json");
    private static final JsonSchema SCHEMA_VALIDATOR = load();

    private EventContract() {
    }

    public static void assertConforms(JsonNode event) {
        assertThat(SCHEMA_VALIDATOR.validate(event)).as("event %s against %s", event, SCHEMA).isEmpty();
    }

    private static JsonSchema load() {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
