package cn.docsearch.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The API contract in the repository (docs/api/openapi.yaml, from which the loader generates its client, and which a
 * reviewer reads in a diff) is the one the gateway's build writes (quarkus.smallrye-openapi.store-schema-directory):
 * a change of the API fails here until the document is updated with it. Runs after the package phase, which writes it.
 */
class OpenApiDocumentIT {
    private static final Path BUILT = Path.of("target", "openapi", "openapi.yaml");
    private static final Path COMMITTED = Path.of("..", "docs", "api", "openapi.yaml");

    @Test
    void theCommittedDocumentIsTheOneTheBuildWrites() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode built = yaml.readTree(BUILT.toFile());
        JsonNode committed = yaml.readTree(COMMITTED.toFile());

        assertThat(committed).as("docs/api/openapi.yaml differs from the API the gateway serves; after checking the "
                + "change, copy it: cp api-gateway/%s docs/api/openapi.yaml", BUILT).isEqualTo(built);
        assertThat(Files.readString(BUILT)).contains("operationId: search");
    }
}
