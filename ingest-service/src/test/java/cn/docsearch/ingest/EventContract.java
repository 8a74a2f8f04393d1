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

/** The contracts of docs/events (document event, document state record, job records), as the producer's tests check them. */
public final class EventContract {
    private static final Path EVENTS = Path.of("..", "docs", "events");
    private static final JsonSchema DOCUMENT_EVENT = load("document-event.schema.json");
    private static final JsonSchema DOCUMENT_STATE = load("document-state.schema.json");
    private static final JsonSchema JOB_MANIFEST = load("job-manifest.schema.json");
    private static final JsonSchema JOB_STATUS = load("job-status.schema.json");

    private EventContract() {
    }

    public static void assertConforms(JsonNode event) {
        assertConforms(DOCUMENT_EVENT, event);
    }

    public static void assertStateConforms(JsonNode state) {
        assertConforms(DOCUMENT_STATE, state);
    }

    public static void assertJobManifestConforms(JsonNode manifest) {
        assertConforms(JOB_MANIFEST, manifest);
    }

    public static void assertJobStatusConforms(JsonNode status) {
        assertConforms(JOB_STATUS, status);
    }

    private static void assertConforms(JsonSchema schema, JsonNode record) {
        assertThat(schema.validate(record)).as("%s against %s", record, schema.getSchemaNode().path("title").asText()).isEmpty();
    }

    private static JsonSchema load(String schema) {
        try (InputStream in = Files.newInputStream(EVENTS.resolve(schema))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
