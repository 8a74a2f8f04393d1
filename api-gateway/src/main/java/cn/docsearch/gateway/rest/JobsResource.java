package cn.docsearch.gateway.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import cn.docsearch.gateway.api.BatchSubmission;
import cn.docsearch.gateway.api.Job;
import cn.docsearch.gateway.api.JobUploadForm;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.auth.RequiredRole;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.rest.CurrentCaller;
import cn.docsearch.gateway.client.IngestService;
import cn.docsearch.gateway.client.ServiceAnswer;
import cn.docsearch.gateway.client.SubmissionMetadata;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/jobs")
@RequiredRole(Role.WRITER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs", description = "Large batches and zips as bulk jobs: accepted at once, worked through in the "
        + "background, with progress and per-item results")
public class JobsResource {
    private static final String QUEUED = "Queued: Kafka has the job's input. It runs even if the instance that took it "
            + "goes away; follow it at the Location.";

    private final IngestService ingest;
    private final CurrentCaller caller;

    public JobsResource(IngestService ingest, CurrentCaller caller) {
        this.ingest = ingest;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitBatchJob", summary = "Submit up to 1000 JSON documents as a job",
            description = "The body of submitBatch, answered at once with the job; each document then gets the result "
                    + "it would have had in a batch.")
    @APIResponse(responseCode = "202", description = QUEUED, content = @Content(schema = @Schema(implementation = Job.class)))
    @APIResponse(responseCode = "400", description = "No documents, or malformed JSON", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More than 1000 documents", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not take the job in time; nothing will run, retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submitBatch(BatchSubmission batch) {
        return queued(ingest.submitJob(caller.get(), batch));
    }

    @POST
    @Path("/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "uploadFilesJob", summary = "Upload files and zips as a job",
            description = "The form of uploadFiles without title and clientId, answered at once with the job; "
                    + "a zip's members are expanded when the job runs, and each file gets the result it would have had in "
                    + "uploadFiles. A hostile zip is one refused item.")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = JobUploadForm.class)))
    @APIResponse(responseCode = "202", description = QUEUED, content = @Content(schema = @Schema(implementation = Job.class),
            examples = @ExampleObject(name = "running", value = OpenApiExamples.JOB_RUNNING)))
    @APIResponse(responseCode = "400", description = "No file part", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More than 1000 files", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not take the job in time; nothing will run, retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response uploadFiles(@RestForm("file") List<FileUpload> files, @RestForm String source,
                                @RestForm("tags") List<String> tags, @RestForm String collection) {
        return queued(ingest.uploadJob(caller.get(), files, new SubmissionMetadata(null, source, tags, null, collection)));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getJob", summary = "A job's progress, and its per-item results once done",
            description = "A writer sees the jobs its key submitted (another's is not found); an admin sees all.")
    @APIResponse(responseCode = "200", description = "The job", content = @Content(schema = @Schema(implementation = Job.class)))
    @APIResponse(responseCode = "404", description = "No such job (jobs are kept 7 days)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> job(@PathParam("id") String id) {
        return ingest.job(caller.get(), id);
    }

    @GET
    @Operation(operationId = "listJobs", summary = "The most recent jobs, without their items",
            description = "A writer's own jobs; an admin's list has everyone's.")
    @APIResponse(responseCode = "200", description = "The most recent jobs first",
            content = @Content(schema = @Schema(implementation = Job.Recent.class)))
    @APIResponse(responseCode = "400", description = "limit out of range", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> recent(@Parameter(description = "1 to 100", example = "20")
                                @QueryParam("limit") @DefaultValue("20") int limit) {
        return ingest.recentJobs(caller.get(), limit);
    }

    private static Response queued(ServiceAnswer<Job> answer) {
        return Response.status(answer.status()).entity(answer.body())
                .location(URI.create("/api/v1/jobs/" + answer.body().id())).build();
    }
}
