package cn.docsearch.ingest.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import cn.docsearch.ingest.config.IngestConfig;

import cn.docsearch.ingest.service.DocumentIngestService;
import cn.docsearch.ingest.service.IngestOutcome;
import cn.docsearch.ingest.service.WriteRequest;

/**
 * Writes forwarded by the other ingest-service instances to this one, for the partitions it owns (409 {@code
 * not-owner} otherwise, and the sender asks the group again). Not part of the public API: the gateway never calls it.
 */
@Path("/internal/writes")
public class InternalWriteResource {
    private static final Logger LOG = Logger.getLogger(InternalWriteResource.class);

    private final DocumentIngestService ingestService;
    private final IngestConfig config;

    public InternalWriteResource(DocumentIngestService ingestService, IngestConfig config) {
        this.ingestService = ingestService;
        this.config = config;
        if (config.internalToken().isEmpty()) {
            LOG.warn("ingest.internal-token is not set: /internal/writes takes writes from anyone who reaches this port");
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "writeForwarded", summary = "A write forwarded by another instance (internal)")
    public IngestOutcome write(WriteRequest request, @HeaderParam(IngestConfig.INTERNAL_TOKEN_HEADER) String token) {
        config.internalToken().ifPresent(expected -> {
            if (token == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                throw new NotAuthorizedException("A forwarded write needs the instances' shared internal token",
                        IngestConfig.INTERNAL_TOKEN_HEADER);
            }
        });
        return ingestService.writeForwarded(request);
    }
}
