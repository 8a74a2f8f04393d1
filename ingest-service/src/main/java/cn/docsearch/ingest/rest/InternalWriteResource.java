package cn.docsearch.ingest.rest;

import java.io.IOException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.document.DocumentRefusedException;

import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.upload.DocumentIngestService;
import cn.docsearch.ingest.upload.WriteForwarder;
import cn.docsearch.ingest.upload.WriteRequest;

/**
 * Writes forwarded by the other ingest-service instances to this one, for the partitions it owns (409 {@code
 * not-owner} otherwise, and the sender asks the group again). Not part of the public API: the gateway never calls it.
 * Like every endpoint here it needs the platform's internal token when one is set ({@link InternalTokenFilter}).
 */
@Path("/internal/writes")
public class InternalWriteResource {
    private final DocumentIngestService ingestService;
    private final ObjectMapper objectMapper;

    public InternalWriteResource(DocumentIngestService ingestService, ObjectMapper objectMapper) {
        this.ingestService = ingestService;
        this.objectMapper = objectMapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "writeForwarded", summary = "A write forwarded by another instance (internal)")
    public IngestOutcome write(WriteRequest request) {
        return ingestService.writeForwarded(request);
    }

    /** An uploaded file's write, with the file's bytes in a part of their own (kept as the document's original). */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "writeForwardedWithOriginal", summary = "A write of a file forwarded by another instance (internal)")
    public IngestOutcome writeWithOriginal(@RestForm(WriteForwarder.REQUEST_PART) FileUpload request,
                                           @RestForm(WriteForwarder.ORIGINAL_PART) FileUpload original) throws IOException {
        if (request == null || original == null) {
            throw DocumentRefusedException.invalid("A forwarded write needs the parts 'request' and 'original'");
        }
        WriteRequest write = objectMapper.readValue(request.uploadedFile().toFile(), WriteRequest.class);
        return ingestService.writeForwarded(write.withOriginalAt(original.uploadedFile()));
    }
}
