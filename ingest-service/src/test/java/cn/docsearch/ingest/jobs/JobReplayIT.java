package cn.docsearch.ingest.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.KafkaTestResource;
import cn.docsearch.ingest.event.JobManifest;
import cn.docsearch.ingest.event.JobStatus;
import cn.docsearch.ingest.jobs.JobQueue;
import cn.docsearch.ingest.registry.DocumentRegistry;
import cn.docsearch.ingest.upload.BatchIngestService;
import cn.docsearch.ingest.upload.SubmissionMetadata;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A job run a second time, as after its instance died before its offsets moved on: the same results, item by item,
 * and not one document more.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class JobReplayIT {
    private static final int ITEMS = 150;

    @Inject
    JobService jobs;

    @Inject
    DocumentRegistry registry;

    @Inject
    ObjectMapper objectMapper;

    @Test
    void runningAJobAgainGivesTheSameResultsAndStoresNothingTwice() throws Exception {
        String run = UUID.randomUUID().toString();
        List<BatchIngestService.TextItem> texts = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            // every third text has a clientId: a second store would have made a version 2
            texts.add(new BatchIngestService.TextItem("documents[" + i + "]", "重跑任务的第" + i + "份材料。" + run,
                    new SubmissionMetadata(null, null, List.of(), i % 3 == 0 ? "replay-" + run + "-" + i : null, null)));
        }
        Path input = Files.createTempFile("replay", ".json");
        objectMapper.writeValue(input.toFile(), texts);
        String id = UUID.randomUUID().toString();
        JobQueue.QueuedJob job = new JobQueue.QueuedJob(new JobManifest(JobManifest.SCHEMA_VERSION, id, JobManifest.DOCUMENTS,
                List.of(new JobManifest.InputFile("documents.json", Files.size(input))), null, List.of(), null, null, Instant.now()),
                List.of(input));
        int before = registry.documentCount();

        jobs.run(job);
        JobStatus first = jobs.find(id, null).orElseThrow();
        jobs.run(job);
        JobStatus second = jobs.find(id, null).orElseThrow();

        assertThat(first.state()).isEqualTo(JobStatus.DONE);
        assertThat(first.accepted()).isEqualTo(ITEMS);
        assertThat(second.items()).isEqualTo(first.items());
        assertThat(second.items()).allMatch(item -> item.version() == 1);
        assertThat(registry.documentCount() - before).isEqualTo(ITEMS);
    }
}
