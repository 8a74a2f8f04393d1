package cn.docsearch.gateway.client;

import java.io.InputStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.gateway.api.BatchSubmission;

/**
 * ingest-service's uploads of files, zips and batches, bulk jobs, and downloads of the files kept, called through
 * {@link IngestService}: the same service as {@link IngestServiceRestClient}, with a read timeout that fits parsing up to
 * a thousand files or sending a 50 MB file (quarkus.rest-client.ingest-uploads.*), so the client does not get a 504
 * while the work is still going and will succeed.
 */
@RegisterProvider(InternalTokenHeader.class)
@RegisterRestClient(configKey = "ingest-uploads")
interface IngestUploadRestClient {

    /**
     * Files are streamed from the gateway's upload folder, not held in memory. One file that is not a zip is answered
     * as one document (or its problem), anything else as a batch.
     */
    @POST
    @Path("/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Response upload(ClientMultipartForm form, @HeaderParam(IngestServiceRestClient.IDEMPOTENCY_KEY) String idempotencyKey);

    /** The same form as {@link #upload}, answered 200 with one result per document whatever the number of files. */
    @POST
    @Path("/documents/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Response uploadFiles(ClientMultipartForm form, @HeaderParam(IngestServiceRestClient.IDEMPOTENCY_KEY) String idempotencyKey);

    @POST
    @Path("/documents/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    Response submitBatch(BatchSubmission batch);

    /** A job answers once its input is in Kafka; a large upload takes a while to get there. */
    @POST
    @Path("/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    Response submitJob(BatchSubmission batch, @QueryParam(IngestServiceRestClient.SUBMITTED_BY) String submittedBy);

    @POST
    @Path("/jobs/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Response uploadJob(ClientMultipartForm form, @QueryParam(IngestServiceRestClient.SUBMITTED_BY) String submittedBy);

    /** A document's original, any status; its body, an InputStream, is handed over as it arrives, never held whole. */
    @GET
    @Path("/documents/{id}/original")
    @Produces(MediaType.WILDCARD)
    RestResponse<InputStream> original(@PathParam("id") String id,
                                       @QueryParam(CollectionNames.SCOPE_PARAMETER) String collections);
}
