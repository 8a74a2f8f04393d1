package cn.docsearch.gateway.client;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import cn.docsearch.gateway.api.DocumentSubmission;

/** ingest-service's internal API; every status comes back as a Response (the default error mapper is off). */
@RegisterRestClient(configKey = "ingest-service")
public interface IngestServiceClient {

    @POST
    @Path("/documents")
    @Consumes(MediaType.APPLICATION_JSON)
    Response submitJson(DocumentSubmission submission);

    @POST
    @Path("/documents")
    @Consumes(MediaType.TEXT_PLAIN)
    Response submitText(String content, @QueryParam("title") String title, @QueryParam("source") String source,
                        @QueryParam("tags") List<String> tags, @QueryParam("clientId") String clientId);

    @GET
    @Path("/q/health/ready")
    Response ready();
}
