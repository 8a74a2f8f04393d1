package cn.docsearch.gateway.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import cn.docsearch.gateway.api.IndexAdministration;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.client.SearchService;
import io.smallrye.mutiny.Uni;

/** Operating the index: see where it stands, rebuild it from Kafka without downtime. */
@Path("/api/v1/admin/index")
@RequiredRole(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration", description = "The search index: its state and rebuilding it from Kafka")
public class AdminResource {
    private final SearchService search;

    public AdminResource(SearchService search) {
        this.search = search;
    }

    @GET
    @Operation(operationId = "getIndexStatus", summary = "Where the index stands",
            description = "The live index (what searches read), an index being rebuilt beside it, retired ones, "
                    + "with document counts and how far each stage is behind the topic.")
    @APIResponse(responseCode = "200", description = "The index layout",
            content = @Content(schema = @Schema(implementation = IndexAdministration.IndexStatus.class)))
    public Uni<Response> status() {
        return search.indexStatus();
    }

    @POST
    @Path("/rebuild")
    @Operation(operationId = "rebuildIndex", summary = "Rebuild the index from Kafka without downtime",
            description = "Builds a new index with the current mapping and IK dictionary from every event in Kafka, "
                    + "beside the live one; searches and uploads keep working on the live index meanwhile. Once the "
                    + "new index has done everything the live one has, the alias moves to it in one step and the old "
                    + "index is deleted. Follow it with GET /api/v1/admin/index.")
    @APIResponse(responseCode = "202", description = "Rebuild started",
            content = @Content(schema = @Schema(implementation = IndexAdministration.IndexStatus.class)))
    @APIResponse(responseCode = "409", description = "A rebuild is running already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> rebuild() {
        return search.rebuildIndex();
    }

    @DELETE
    @Path("/rebuild")
    @Operation(operationId = "cancelIndexRebuild", summary = "Cancel a running rebuild",
            description = "The index being built is deleted; the live index stays as it is.")
    @APIResponse(responseCode = "202", description = "Rebuild cancelled",
            content = @Content(schema = @Schema(implementation = IndexAdministration.IndexStatus.class)))
    @APIResponse(responseCode = "404", description = "No rebuild is running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> cancel() {
        return search.cancelIndexRebuild();
    }
}
