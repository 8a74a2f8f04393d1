package cn.docsearch.gateway.client;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.gateway.api.DocumentSubmission;
import io.smallrye.mutiny.Uni;

/**
 * ingest-service's internal API for single documents and reads, called through {@link IngestService}; every status
 * comes back as a Response (the default error mapper is off). Uploads of files and batches, which take longer, go
 * through {@link IngestUploadRestClient}.
 */
@RegisterProvider(InternalTokenHeader.class)
@RegisterRestClient(configKey = "ingest-service")
interface IngestServiceRestClient {
    String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Who submits a job, and on reads who asks (a key id): jobs are seen by their submitter; absent: by anyone. */
    String SUBMITTED_BY = "submittedBy";

    @POST
    @Path("/documents")
    @Consumes(MediaType.APPLICATION_JSON)
    Response submitJson(DocumentSubmission submission, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey);

    @POST
    @Path("/documents")
    @Consumes(MediaType.TEXT_PLAIN)
    Response submitText(String content, @QueryParam("title") String title, @QueryParam("source") String source,
                        @QueryParam("tags") List<String> tags, @QueryParam("clientId") String clientId,
                        @QueryParam("collection") String collection, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey);

    @GET
    @Path("/documents/{id}")
    Response accepted(@PathParam("id") String id, @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections);

    @DELETE
    @Path("/documents/{id}")
    Response delete(@PathParam("id") String id, @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections);

    @GET
    @Path("/jobs/{id}")
    Uni<Response> job(@PathParam("id") String id, @QueryParam(SUBMITTED_BY) String caller);

    @GET
    @Path("/jobs")
    Uni<Response> jobs(@QueryParam("limit") int limit, @QueryParam(SUBMITTED_BY) String caller);

    @GET
    @Path("/stats")
    Response stats(@QueryParam(CollectionNames.SCOPE_PARAMETER) String collections);

    @GET
    @Path("/q/health/ready")
    Response ready();
}
