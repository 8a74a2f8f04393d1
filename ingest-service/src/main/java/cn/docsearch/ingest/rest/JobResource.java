package cn.docsearch.ingest.rest;

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

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.event.JobStatus;
import cn.docsearch.ingest.jobs.JobService;
import cn.docsearch.ingest.upload.SubmissionMetadata;

/** Bulk jobs: 202 with the job as soon as Kafka has its input, then its progress and results. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private static final int MAX_LISTED = 100;

    /**
     * Who submits a job, and on reads who asks (the gateway's key id): a job is seen by its submitter only, or by
     * anyone when the parameter is absent (admins).
     */
    private static final String SUBMITTED_BY = "submittedBy";

    private final JobService jobs;

    public JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submitBatch(BatchSubmission batch, @QueryParam(SUBMITTED_BY) String submittedBy) {
        return queued(jobs.submitTexts(Submissions.texts(batch), submittedBy));
    }

    @POST
    @Path("/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadFiles(@RestForm("file") List<FileUpload> parts, @RestForm String source,
                                @RestForm("tags") List<String> tags, @RestForm String collection,
                                @QueryParam(SUBMITTED_BY) String submittedBy) {
        return queued(jobs.submitFiles(Submissions.files(parts), new SubmissionMetadata(null, source, tags, null, collection),
                submittedBy));
    }

    @GET
    @Path("/{id}")
    public JobReceipt job(@PathParam("id") String id, @QueryParam(SUBMITTED_BY) String caller) throws InterruptedException {
        return jobs.find(id, caller).map(JobReceipt::of).orElseThrow(() -> new DocumentRefusedException(404, "job-not-found",
                "No job with id " + id + " (jobs are kept for ingest.jobs.retention)"));
    }

    @GET
    public JobReceipt.Recent recent(@QueryParam("limit") @DefaultValue("20") int limit,
                                    @QueryParam(SUBMITTED_BY) String caller) {
        if (limit < 1 || limit > MAX_LISTED) {
            throw new DocumentRefusedException(400, "invalid-parameter", "limit must be 1 to " + MAX_LISTED);
        }
        return new JobReceipt.Recent(jobs.recent(limit, caller).stream().map(JobReceipt::of).toList());
    }

    private static Response queued(JobStatus job) {
        return Response.accepted(JobReceipt.of(job)).location(URI.create("/jobs/" + job.id())).build();
    }
}
