package cn.docsearch.ingest.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.event.JobManifest;
import cn.docsearch.ingest.event.JobStatus;
import cn.docsearch.ingest.jobs.JobQueue;
import cn.docsearch.ingest.jobs.JobStatuses;
import cn.docsearch.ingest.upload.BatchIngestService.BatchItem;
import cn.docsearch.ingest.upload.BatchIngestService.TextItem;
import cn.docsearch.ingest.upload.BatchIngestService.UploadedFile;
import cn.docsearch.ingest.upload.BatchIngestService;
import cn.docsearch.ingest.upload.SubmissionMetadata;
import cn.docsearch.ingest.writer.PublishException;
import io.quarkus.runtime.StartupEvent;

/**
 * Bulk jobs: a batch or a set of files answered at once with a job id, worked through in the background with its
 * progress reported, and its per-item results kept. A job is in Kafka before its id is given out, so it survives the
 * instance that took it; see {@link JobQueue} for who runs it and how a job is resumed.
 */
@ApplicationScoped
public class JobService implements JobQueue.Runner {
    private static final Logger LOG = Logger.getLogger(JobService.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /** Documents in one job (a zip's members count): its results, about 250 bytes each, stay one Kafka record. */
    static final int MAX_ITEMS = 10_000;

    private final JobQueue queue;
    private final JobStatuses statuses;
    private final BatchIngestService batches;
    private final ObjectMapper objectMapper;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();

    public JobService(JobQueue queue, JobStatuses statuses, BatchIngestService batches, ObjectMapper objectMapper,
                      IngestConfig config) {
        this.queue = queue;
        this.statuses = statuses;
        this.batches = batches;
        this.objectMapper = objectMapper;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        queue.start(this);
    }

    /** JSON documents as a job: one item each, named {@code documents[i]} as in a batch. */
    public JobStatus submitTexts(List<TextItem> texts, String submittedBy) {
        Path input = null;
        try {
            input = Files.createTempFile("docsearch-job", ".json");
            objectMapper.writeValue(input.toFile(), texts);
            return submit(JobManifest.DOCUMENTS, List.of(new UploadedFile("documents.json", input)),
                    SubmissionMetadata.NONE, texts.size(), submittedBy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(input);
        }
    }

    /** Files as a job: a zip's members each become an item when the job runs. */
    public JobStatus submitFiles(List<UploadedFile> files, SubmissionMetadata shared, String submittedBy) {
        return submit(JobManifest.FILES, files, shared.normalised(), null, submittedBy);
    }

    /** The job, if the caller (a key id; null for anyone) may see it: someone else's job is not found. */
    public Optional<JobStatus> find(String id, String caller) throws InterruptedException {
        return statuses.find(id).filter(job -> job.visibleTo(caller));
    }

    public List<JobStatus> recent(int limit, String caller) {
        return statuses.recent(limit, job -> job.visibleTo(caller));
    }

    private JobStatus submit(String kind, List<UploadedFile> files, SubmissionMetadata shared, Integer total,
                             String submittedBy) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<JobManifest.InputFile> inputs = files.stream().map(file -> new JobManifest.InputFile(file.name(), size(file.path())))
                .toList();
        queue.writeInput(id, files.stream().map(UploadedFile::path).toList());
        JobStatus queued = new JobStatus(JobStatus.SCHEMA_VERSION, id, kind, submittedBy, JobStatus.QUEUED, now, now, total,
                0, 0, 0, 0, null);
        // before the manifest: a job runs only once its queued status is in, so that status never lands after its results
        statuses.publish(queued);
        try {
            queue.writeManifest(new JobManifest(JobManifest.SCHEMA_VERSION, id, kind, inputs, shared.source(), shared.tags(),
                    shared.collection(), submittedBy, now));
        } catch (PublishException e) {
            statuses.forget(id);
            throw e;
        }
        return queued;
    }

    /**
     * Runs a job to its end: items in slices, progress written after each (at most once a second), items Kafka did
     * not take retried for {@code ingest.jobs.retry-for}, then the results. Every item carries the Idempotency-Key
     * {@code job:<id>:<index>}, so a job run again after its instance died gives the same results.
     */
    @Override
    public void run(JobQueue.QueuedJob job) throws InterruptedException {
        JobManifest manifest = job.manifest();
        Progress progress;
        try (BatchIngestService.Prepared batch = prepare(manifest, job.files())) {
            progress = batch.size() > MAX_ITEMS
                    ? refused(manifest, 413, "job-too-large", "The job holds " + batch.size() + " documents; at most "
                            + MAX_ITEMS + " are taken in one job (its results are one record): split the upload")
                    : runSlices(manifest, batch);
        } catch (IOException e) {
            LOG.errorf("The input of job %s cannot be read: %s", manifest.id(), e.getMessage());
            progress = refused(manifest, 422, "job-input-unreadable", "The job's input in Kafka cannot be read: "
                    + e.getMessage());
        } catch (PublishException e) {
            throw e;
        } catch (RuntimeException e) {
            // a failure nobody foresaw ends the job with its reason, rather than running it again and again
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(e, "Job %s failed (error %s)", manifest.id(), errorId);
            progress = refused(manifest, 500, "job-failed", "The job failed (error " + errorId + " has been logged)");
        }
        statuses.publish(progress.status(JobStatus.DONE));
    }

    /**
     * Ends a job whose manifest can never be read: done, with one refused item giving the reason, rather than queued
     * for ever. A manifest of no job ever queued (no status under its id) has nobody to tell.
     */
    @Override
    public void fail(String jobId, String reason) throws InterruptedException {
        Optional<JobStatus> known = statuses.find(jobId);
        if (known.isEmpty() || known.get().finished()) {
            LOG.warnf("Job %s: its manifest can never be read, and no job waits for it", jobId);
            return;
        }
        JobStatus queued = known.get();
        JobManifest manifest = new JobManifest(JobManifest.SCHEMA_VERSION, jobId, queued.kind(), List.of(), null, null, null,
                queued.submittedBy(), queued.createdAt());
        LOG.errorf("Job %s failed: %s", jobId, reason);
        statuses.publish(refused(manifest, 422, "job-manifest-unreadable", reason).status(JobStatus.DONE));
    }

    private Progress runSlices(JobManifest manifest, BatchIngestService.Prepared batch) throws InterruptedException {
        Progress progress = new Progress(manifest, batch.size());
        statuses.publish(progress.status(JobStatus.RUNNING));
        long lastReport = System.nanoTime();
        String keyPrefix = "job:" + manifest.id() + ":";
        for (int from = 0; from < batch.size(); from += config.jobs().sliceItems()) {
            if (!queue.isRunning()) {
                throw new PublishException("ingest-service is stopping; the next owner of the job's partition runs it again",
                        null);
            }
            List<Integer> slice = IntStream.range(from, Math.min(batch.size(), from + config.jobs().sliceItems()))
                    .boxed().toList();
            progress.add(runRetryingUnavailable(batch, slice, keyPrefix));
            // a second run of the job (its owner seemed gone) never reports progress after the results
            if (System.nanoTime() - lastReport > PROGRESS_EVERY.toNanos() && !statuses.isDone(manifest.id())) {
                statuses.publish(progress.status(JobStatus.RUNNING));
                lastReport = System.nanoTime();
            }
        }
        return progress;
    }

    /** A job that ends with one refused item: the reason it could not run at all. */
    private Progress refused(JobManifest manifest, int status, String type, String detail) {
        Progress progress = new Progress(manifest, 1);
        progress.add(List.of(new BatchItem(manifest.kind(), null, new DocumentRefusedException(status, type, detail))));
        return progress;
    }

    private BatchIngestService.Prepared prepare(JobManifest manifest, List<Path> files) throws IOException {
        for (int i = 0; i < files.size(); i++) {
            long found = Files.exists(files.get(i)) ? Files.size(files.get(i)) : 0;
            if (found != manifest.files().get(i).bytes()) {
                throw new IOException("input file " + i + " has " + found + " bytes, " + manifest.files().get(i).bytes()
                        + " were sent");
            }
        }
        if (JobManifest.DOCUMENTS.equals(manifest.kind())) {
            return batches.prepareTexts(objectMapper.readValue(files.get(0).toFile(), new TypeReference<List<TextItem>>() {
            }));
        }
        return batches.prepareFiles(IntStream.range(0, files.size())
                .mapToObj(i -> new UploadedFile(manifest.files().get(i).name(), files.get(i))).toList(),
                new SubmissionMetadata(null, manifest.source(), manifest.tags(), null, manifest.collection()));
    }

    /** Runs the items; those Kafka did not take are run again, with growing pauses, until the retry time is up. */
    private List<BatchItem> runRetryingUnavailable(BatchIngestService.Prepared batch, List<Integer> indices,
                                                   String keyPrefix) throws InterruptedException {
        List<BatchItem> results = new ArrayList<>(batches.run(batch, indices, keyPrefix));
        long deadline = System.nanoTime() + config.jobs().retryFor().toNanos();
        Duration pause = FIRST_RETRY;
        while (true) {
            List<Integer> unavailable = IntStream.range(0, results.size())
                    .filter(i -> results.get(i).refusal() != null && results.get(i).refusal().status() == 503).boxed().toList();
            if (unavailable.isEmpty() || System.nanoTime() + pause.toNanos() > deadline) {
                return results;
            }
            LOG.infof("%d items Kafka did not take; trying them again in %s", unavailable.size(), pause);
            Thread.sleep(pause.toMillis());
            pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause.multipliedBy(2);
            List<BatchItem> again = batches.run(batch, unavailable.stream().map(indices::get).toList(), keyPrefix);
            for (int i = 0; i < unavailable.size(); i++) {
                results.set(unavailable.get(i), again.get(i));
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }

    /** The results of a job so far. */
    private final class Progress {
        private final JobManifest manifest;
        private final int total;
        private final List<JobStatus.Item> items = new ArrayList<>();
        private int accepted;
        private int duplicates;
        private int refused;

        Progress(JobManifest manifest, int total) {
            this.manifest = manifest;
            this.total = total;
        }

        void add(List<BatchItem> results) {
            for (BatchItem result : results) {
                if (result.outcome() != null) {
                    IngestOutcome outcome = result.outcome();
                    if (outcome.accepted()) {
                        accepted++;
                    } else {
                        duplicates++;
                    }
                    items.add(new JobStatus.Item(result.name(), outcome.status(), outcome.id(), outcome.version(),
                            outcome.contentHash(), null));
                } else {
                    refused++;
                    DocumentRefusedException refusal = result.refusal();
                    items.add(new JobStatus.Item(result.name(), JobStatus.Item.REFUSED, null, null, null,
                            new JobStatus.Refusal(refusal.problemType(), refusal.status(), refusal.getMessage())));
                }
            }
        }

        JobStatus status(String state) {
            boolean done = JobStatus.DONE.equals(state);
            return new JobStatus(JobStatus.SCHEMA_VERSION, manifest.id(), manifest.kind(), manifest.submittedBy(), state,
                    manifest.createdAt(),
                    clock.instant(), total, items.size(), accepted, duplicates, refused, done ? List.copyOf(items) : null);
        }
    }
}
