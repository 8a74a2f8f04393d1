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

/** The contracts of docs/events (document event, document state record), as the producer's tests check them. */
public final class EventContract {
    private static final Path EVENTS = Path.of("..", "docs", "events");
    private static final JsonSchema DOCUMENT_EVENT = load("document-event.schema.json");
    private static final JsonSchema DOCUMENT_STATE = load("document-state.schema.json");

    private EventContract() {
    }

    public static void assertConforms(JsonNode event) {
        assertThat(DOCUMENT_EVENT.validate(event)).as("event %s against the document event schema", event).isEmpty();
    }

    public static void assertStateConforms(JsonNode state) {
        assertThat(DOCUMENT_STATE.validate(state)).as("record %s against the document state schema", state).isEmpty();
    }

    private static JsonSchema load(String schema) {
        try (InputStream in = Files.newInputStream(EVENTS.resolve(schema))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
