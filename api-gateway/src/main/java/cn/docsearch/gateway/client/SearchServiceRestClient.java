package cn.docsearch.gateway.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.gateway.api.DictionaryAdministration;
import cn.docsearch.gateway.api.Similarity;
import io.smallrye.mutiny.Uni;

/**
 * search-service's internal API but its reads, which {@link SearchServiceRelay} relays; called through
 * {@link SearchService}. Every status comes back as a Response (the default error mapper is off). Calls the gateway
 * relays as they are return a Uni, so they hold no thread while search-service works.
 */
@RegisterProvider(InternalTokenHeader.class)
@RegisterRestClient(configKey = "search-service")
interface SearchServiceRestClient {

    @GET
    @Path("/documents/{id}/status")
    Response status(@PathParam("id") String id, @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections);

    @POST
    @Path("/passages/similar")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> similarPassages(Similarity.SimilarPassagesRequest request,
                                  @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections);

    @GET
    @Path("/admin/index")
    Uni<Response> indexStatus();

    @POST
    @Path("/admin/index/rebuild")
    Uni<Response> rebuildIndex();

    @DELETE
    @Path("/admin/index/rebuild")
    Uni<Response> cancelIndexRebuild();

    @GET
    @Path("/admin/dictionary")
    Uni<Response> dictionary();

    @PUT
    @Path("/admin/dictionary")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> updateDictionary(DictionaryAdministration.DictionaryUpdate update, @QueryParam("rebuild") boolean rebuild);

    @GET
    @Path("/admin/index/stats")
    Response indexStats(@QueryParam(CollectionNames.SCOPE_PARAMETER) String collections);

    @GET
    @Path("/q/health/ready")
    Response ready();
}
