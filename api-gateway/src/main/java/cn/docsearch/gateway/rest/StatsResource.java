package cn.docsearch.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import cn.docsearch.gateway.api.PlatformStats;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.rest.CurrentCaller;
import cn.docsearch.gateway.service.PlatformStatsService;

/** Where the platform stands: what Kafka holds against what the index has, per collection. */
@Path("/api/v1/admin/stats")
@Produces(MediaType.APPLICATION_JSON)
@RequiredRole(Role.ADMIN)
@Tag(name = "Administration", description = "The search index: its state and rebuilding it from Kafka")
public class StatsResource {
    private final PlatformStatsService platform;
    private final CurrentCaller caller;

    public StatsResource(PlatformStatsService platform, CurrentCaller caller) {
        this.platform = platform;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getPlatformStats", summary = "Documents per state and collection, lag, last failures",
            description = "accepted: what Kafka holds; indexed: searchable by words; embedded: by meaning too; pending: "
                    + "accepted and not yet indexed; failed: whose latest version could not be indexed (with the last "
                    + "ten reasons). Only the key's collections are counted.")
    @APIResponse(responseCode = "200", description = "The figures",
            content = @Content(schema = @Schema(implementation = PlatformStats.class)))
    public PlatformStats stats() {
        return platform.stats(caller.get());
    }
}
