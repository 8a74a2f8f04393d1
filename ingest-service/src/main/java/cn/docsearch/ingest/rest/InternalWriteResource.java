package cn.docsearch.ingest.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.upload.DocumentIngestService;
import cn.docsearch.ingest.upload.WriteRequest;

/**
 * Writes forwarded by the other ingest-service instances to this one, for the partitions it owns (409 {@code
 * not-owner} otherwise, and the sender asks the group again). Not part of the public API: the gateway never calls it.
 * Like every endpoint here it needs the platform's internal token when one is set ({@link InternalTokenFilter}).
 */
@Path("/internal/writes")
public class InternalWriteResource {
    private final DocumentIngestService ingestService;

    public InternalWriteResource(DocumentIngestService ingestService) {
        this.ingestService = ingestService;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "writeForwarded", summary = "A write forwarded by another instance (internal)")
    public IngestOutcome write(WriteRequest request) {
        return ingestService.writeForwarded(request);
    }
}
