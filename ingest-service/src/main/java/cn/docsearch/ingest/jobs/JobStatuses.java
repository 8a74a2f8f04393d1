package cn.docsearch.ingest.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.event.JobStatus;
import cn.docsearch.ingest.topics.DocumentTopics;
import cn.docsearch.kafka.PoisonRecords;
import cn.docsearch.ingest.writer.PublishException;
import cn.docsearch.kafka.TopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Every job's status: written to the job status topic, and a view of it that follows what all instances write. The
 * view keeps each job's summary and where its latest record is; a finished job's items are read back from Kafka when
 * asked for, so that memory does not grow with the results of every job.
 */
@ApplicationScoped
public class JobStatuses {
    /** The poison records' stage of the job input queue and this view of job statuses. */
    public static final String STAGE = "jobs";
    private static final Logger LOG = Logger.getLogger(JobStatuses.class);
    /** How long a read waits for the view to catch up with a status just written by another instance. */
    private static final Duration RECENT = Duration.ofSeconds(3);

    private record Latest(JobStatus summary, int partition, long offset) {
    }

    private final IngestConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper objectMapper;
    private final Map<String, Latest> jobs = new ConcurrentHashMap<>();
    private final TopicFollower follower;
    private final KafkaProducer<String, String> producer;
    private final PoisonRecords poison;
    private KafkaConsumer<String, String> itemsReader;

    public JobStatuses(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       ObjectMapper objectMapper, PoisonRecords poison) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.objectMapper = objectMapper;
        this.poison = poison;
        this.follower = new TopicFollower(config.jobs().statusTopic(), kafkaConfig,
                this::read, poison, STAGE);
        this.producer = new KafkaProducer<>(DocumentTopics.producerConfig(kafkaConfig, config.publishTimeout()),
                new StringSerializer(), new StringSerializer());
    }

    void start(@Observes StartupEvent startup) {
        follower.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        follower.stop();
    }

    @PreDestroy
    synchronized void close() {
        producer.close(Duration.ofSeconds(2));
        if (itemsReader != null) {
            itemsReader.close(Duration.ofSeconds(2));
        }
    }

    /** Whether the view has read every status written before this instance started. */
    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    /**
     * Writes the status and waits until Kafka has it.
     *
     * @throws PublishException when Kafka did not take it in time
     */
    public void publish(JobStatus status) {
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(config.jobs().statusTopic(), status.id(),
                    objectMapper.writeValueAsString(status))).get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            remember(status, written.partition(), written.offset());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A job status always serialises", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("Kafka did not take the status of job " + status.id() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("Interrupted while writing the status of job " + status.id(), e);
        }
    }

    /** Whether the job is known to be done (its results written), so that it is never run again. */
    public boolean isDone(String id) {
        Latest latest = jobs.get(id);
        return latest != null && latest.summary().finished();
    }

    /**
     * The job's status, with its items once it is done; empty when unknown or expired.
     *
     * @throws PublishException while the view has not read the topic yet (right after a start): a 503, not a 404
     */
    public Optional<JobStatus> find(String id) throws InterruptedException {
        if (!follower.awaitCaughtUp(RECENT)) {
            throw new PublishException("ingest-service has not read the job statuses from Kafka yet", null);
        }
        Latest latest = jobs.get(id);
        if (latest == null && follower.awaitRecent(RECENT)) {
            latest = jobs.get(id);
        }
        if (latest == null) {
            return Optional.empty();
        }
        if (!latest.summary().finished()) {
            return Optional.of(latest.summary());
        }
        Optional<JobStatus> done = readBack(latest);
        if (done.isEmpty()) {
            jobs.remove(id, latest);
        }
        return done;
    }

    /** The most recent jobs first, without their items; those past the retention are gone from the topic too. */
    public List<JobStatus> recent(int limit, Predicate<JobStatus> visible) {
        Instant kept = Instant.now().minus(config.jobs().retention());
        return jobs.values().stream().map(Latest::summary).filter(job -> job.createdAt().isAfter(kept)).filter(visible)
                .sorted(Comparator.comparing(JobStatus::createdAt).reversed()).limit(limit).toList();
    }

    /** Removes a job's status (a tombstone): for a job whose input never became a job. Best effort. */
    public void forget(String id) {
        jobs.remove(id);
        try {
            producer.send(new ProducerRecord<>(config.jobs().statusTopic(), id, null))
                    .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Job %s was never queued but its status could not be removed: %s", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes one status into the view; a tombstone removes the job ({@link #forget}). A record no instance writes (no
     * key, not JSON, not the status of the job its key names) is skipped as poison: kept, it would fail every list of
     * jobs or every read of it.
     */
    private void read(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            poison.skip(JobStatuses.STAGE, record, "a job status without a key");
            return;
        }
        if (record.value() == null) {
            jobs.remove(record.key());
            return;
        }
        JobStatus status;
        try {
            status = objectMapper.readValue(record.value(), JobStatus.class);
        } catch (JsonProcessingException e) {
            poison.skip(JobStatuses.STAGE, record, "not JSON of a job status");
            return;
        }
        if (!isStatusOf(record.key(), status)) {
            poison.skip(JobStatuses.STAGE, record, "not the status of the job its key names (id, state or createdAt)");
            return;
        }
        remember(status, record.partition(), record.offset());
    }

    /** What every status an instance writes has: its job's id (the record's key), a known state, a creation time. */
    private static boolean isStatusOf(String key, JobStatus status) {
        return status != null && key.equals(status.id()) && status.createdAt() != null && status.updatedAt() != null
                && (JobStatus.QUEUED.equals(status.state()) || JobStatus.RUNNING.equals(status.state())
                || JobStatus.DONE.equals(status.state()));
    }

    /**
     * Keeps the status unless the view already has one further along: a job resumed after its instance died counts
     * from its first item again, and its progress should not seem to go back meanwhile.
     */
    private void remember(JobStatus status, int partition, long offset) {
        jobs.compute(status.id(), (id, known) -> {
            if (known != null && (known.summary().stage() > status.stage()
                    || known.summary().stage() == status.stage() && !status.finished() && known.summary().done() > status.done())) {
                return known;
            }
            return new Latest(status.summary(), partition, offset);
        });
    }

    /** The done job's record, with its items; empty when the topic no longer has it (past its retention). */
    private synchronized Optional<JobStatus> readBack(Latest latest) {
        if (itemsReader == null) {
            itemsReader = DocumentTopics.documentReader(kafkaConfig);
        }
        TopicPartition partition = new TopicPartition(config.jobs().statusTopic(), latest.partition());
        itemsReader.assign(List.of(partition));
        if (itemsReader.beginningOffsets(List.of(partition), config.publishTimeout()).get(partition) > latest.offset()) {
            return Optional.empty();
        }
        itemsReader.seek(partition, latest.offset());
        long until = System.nanoTime() + config.publishTimeout().toNanos();
        while (System.nanoTime() < until) {
            for (ConsumerRecord<String, String> record : itemsReader.poll(Duration.ofMillis(200))) {
                if (record.offset() >= latest.offset() && latest.summary().id().equals(record.key()) && record.value() != null) {
                    try {
                        return Optional.of(objectMapper.readValue(record.value(), JobStatus.class));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("The status record of job " + record.key() + " is unreadable", e);
                    }
                }
            }
        }
        throw new PublishException("Kafka did not give back the results of job " + latest.summary().id() + " in time", null);
    }
}
