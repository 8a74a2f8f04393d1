package cn.docsearch.gateway.auth.rest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import cn.docsearch.gateway.api.Problem;

/**
 * Describes the API keys in the OpenAPI document (registered as mp.openapi.filter): the two ways to send a key, the
 * requirement of one on every operation (Swagger UI's Authorize button), and the 401, 403 and 429 every operation may
 * answer.
 */
public class ApiSecurityDocumentation implements OASFilter {
    static final String API_KEY_SCHEME = "apiKey";
    static final String BEARER_SCHEME = "bearer";
    /** By status, in order: the OpenAPI document comes out the same on every build (docs/api/openapi.yaml). */
    private static final Map<String, String> REFUSALS = new TreeMap<>(Map.of(
            "401", "No API key, or one that is not valid (never issued, or revoked)",
            "403", "The key's role may not do this",
            "429", "The key sent more requests than its rate allows; see the Retry-After header"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        components.addSecurityScheme(API_KEY_SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(AuthenticationFilter.API_KEY_HEADER)
                .description("An API key. An admin creates keys with POST /api/v1/admin/keys; the local platform prints "
                        + "its bootstrap admin key at start-up."));
        components.addSecurityScheme(BEARER_SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The same API key as 'Authorization: Bearer <key>', or where the gateway trusts an identity "
                        + "provider (gateway.auth.jwt.*), one of its tokens (JWT): the highest docsearch role in its groups, "
                        + "its collections from the docsearch_collections claim"));
        openAPI.setComponents(components);
        openAPI.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(API_KEY_SCHEME),
                OASFactory.createSecurityRequirement().addScheme(BEARER_SCHEME)));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(ApiSecurityDocumentation::addRefusals);
            }
        });
    }

    private static void addRefusals(Operation operation) {
        REFUSALS.forEach((status, description) -> {
            if (operation.getResponses().getAPIResponse(status) == null) {
                operation.getResponses().addAPIResponse(status, problem(description));
            }
        });
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("Problem"))));
    }
}
