package cn.docsearch.gateway.auth.rest;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import cn.docsearch.gateway.auth.api.ApiKeys;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.ProblemException;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.service.ApiKeyService;

@Path("/api/v1/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@RequiredRole(Role.ADMIN)
@Tag(name = "Keys", description = "API keys: who may search, upload and administer, and in which collections")
public class ApiKeysResource {
    private final ApiKeyService keys;
    private final CurrentCaller caller;

    public ApiKeysResource(ApiKeyService keys, CurrentCaller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createApiKey", summary = "Create a key",
            description = "The answer carries the key's secret, shown this once: only its hash is kept. The key is "
                    + "valid at once on this gateway and within milliseconds on the others.")
    @APIResponse(responseCode = "201", description = "Created; the secret is in the answer only",
            content = @Content(schema = @Schema(implementation = ApiKeys.Issued.class)))
    @APIResponse(responseCode = "400", description = "No name, an unknown role, or a malformed collection name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(ApiKeys.Creation creation) {
        if (creation == null) {
            throw ApiKeyService.invalid("The body is a JSON object with 'name' and 'role'");
        }
        ApiKeyService.Issued issued = keys.create(caller.get(), creation.name(), creation.role(), creation.collections(),
                creation.requestsPerSecond());
        return Response.created(URI.create("/api/v1/admin/keys/" + issued.key().id()))
                .entity(new ApiKeys.Issued(issued.secret(), ApiKeys.Key.of(issued.key()))).build();
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "List the keys, revoked ones included, the newest first")
    @APIResponse(responseCode = "200", description = "The keys, without their secrets",
            content = @Content(schema = @Schema(implementation = ApiKeys.Listing.class)))
    public ApiKeys.Listing list() {
        return new ApiKeys.Listing(keys.list().stream().map(ApiKeys.Key::of).toList());
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke a key",
            description = "Refused at once on this gateway and within milliseconds on the others; the key stays listed "
                    + "as revoked. Revoking it again changes nothing.")
    @APIResponse(responseCode = "200", description = "The key, now revoked",
            content = @Content(schema = @Schema(implementation = ApiKeys.Key.class)))
    @APIResponse(responseCode = "404", description = "No such key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApiKeys.Key revoke(@PathParam("id") String id) {
        return keys.revoke(caller.get(), id).map(ApiKeys.Key::of).orElseThrow(() -> new ProblemException(
                new Problem("urn:docsearch:problem:not-found", "Not found", 404, "No key has the id " + id)));
    }
}
