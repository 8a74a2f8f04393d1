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

import cn.docsearch.ingest.event.JobStatus;
import cn.docsearch.ingest.service.DocumentRefusedException;
import cn.docsearch.ingest.service.JobService;
import cn.docsearch.ingest.service.SubmissionMetadata;

/** Bulk jobs: 202 with the job as soon as Kafka has its input, then its progress and results. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private static final int MAX_LISTED = 100;

    private final JobService jobs;

    public JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submitBatch(BatchSubmission batch) {
        return queued(jobs.submitTexts(Submissions.texts(batch)));
    }

    @POST
    @Path("/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadFiles(@RestForm("file") List<FileUpload> parts, @RestForm String source,
                                @RestForm("tags") List<String> tags) {
        return queued(jobs.submitFiles(Submissions.files(parts), new SubmissionMetadata(null, source, tags, null)));
    }

    @GET
    @Path("/{id}")
    public JobReceipt job(@PathParam("id") String id) throws InterruptedException {
        return jobs.find(id).map(JobReceipt::of).orElseThrow(() -> new DocumentRefusedException(404, "job-not-found",
                "No job with id " + id + " (jobs are kept for ingest.jobs.retention)"));
    }

    @GET
    public JobReceipt.Recent recent(@QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > MAX_LISTED) {
            throw new DocumentRefusedException(400, "invalid-parameter", "limit must be 1 to " + MAX_LISTED);
        }
        return new JobReceipt.Recent(jobs.recent(limit).stream().map(JobReceipt::of).toList());
    }

    private static Response queued(JobStatus job) {
        return Response.accepted(JobReceipt.of(job)).location(URI.create("/jobs/" + job.id())).build();
    }
}
