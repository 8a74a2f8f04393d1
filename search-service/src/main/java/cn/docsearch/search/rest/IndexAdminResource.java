package cn.docsearch.search.rest;

import java.io.IOException;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import cn.docsearch.search.admin.IndexLifecycle;
import cn.docsearch.search.admin.IndexStatistics;
import cn.docsearch.search.index.CollectionScope;

/** The index behind the alias: where it stands, and rebuilding it from Kafka without downtime. */
@Path("/admin/index")
@Produces(MediaType.APPLICATION_JSON)
public class IndexAdminResource {
    private final IndexLifecycle lifecycle;
    private final IndexStatistics statistics;

    public IndexAdminResource(IndexLifecycle lifecycle, IndexStatistics statistics) {
        this.lifecycle = lifecycle;
        this.statistics = statistics;
    }

    /** Documents indexed and embedded per collection, failures, and the stages' lag (collections: as for searches). */
    @GET
    @Path("stats")
    public IndexStatistics.Stats stats(@QueryParam("collections") String collections) throws IOException {
        return statistics.stats(CollectionScope.parse(collections));
    }

    @GET
    public IndexLifecycle.Status status() throws IOException {
        return lifecycle.status();
    }

    @POST
    @Path("rebuild")
    public Response rebuild() throws IOException {
        if (lifecycle.rebuild().isEmpty()) {
            return ProblemMapper.problem(409, "rebuild-in-progress", "Rebuild in progress",
                    "An index is being built already; wait for it to become live or cancel it (DELETE /admin/index/rebuild).");
        }
        return Response.accepted(lifecycle.status()).build();
    }

    @DELETE
    @Path("rebuild")
    public Response cancel() throws IOException {
        if (!lifecycle.cancel()) {
            return ProblemMapper.problem(404, "no-rebuild", "No rebuild", "No index is being built.");
        }
        return Response.accepted(lifecycle.status()).build();
    }
}
