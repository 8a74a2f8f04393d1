package cn.docsearch.gateway.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** search-service's internal API; every status comes back as a Response (the default error mapper is off). */
@RegisterRestClient(configKey = "search-service")
public interface SearchServiceClient {

    @GET
    @Path("/search")
    Response search(@QueryParam("q") String q, @QueryParam("mode") String mode, @QueryParam("page") int page,
                    @QueryParam("size") int size, @QueryParam("explain") boolean explain);

    @GET
    @Path("/documents/{id}")
    Response document(@PathParam("id") String id);

    @GET
    @Path("/documents/{id}/status")
    Response status(@PathParam("id") String id);

    @GET
    @Path("/q/health/ready")
    Response ready();
}
