package cn.docsearch.ingest.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.event.JobManifest;
import cn.docsearch.ingest.topics.DocumentTopics;
import cn.docsearch.kafka.PoisonRecords;
import cn.docsearch.ingest.writer.PublishException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Bulk jobs kept in Kafka until they are done. {@link #enqueue} writes a job's input (its files cut in pieces, then
 * its manifest) to the job input topic; the instances share that topic's partitions as a consumer group, and the
 * instance a partition is assigned to runs its jobs, one after the other. Offsets move past a job only once its
 * results are written, so a job whose instance died is run again by the next owner; its items carry Idempotency-Keys
 * of the job, so running it again stores nothing twice and gives the same results.
 */
@ApplicationScoped
public class JobQueue {
    private static final Logger LOG = Logger.getLogger(JobQueue.class);
    public static final String PART_HEADER = "docsearch-job-part";
    public static final String FILE_HEADER = "docsearch-job-file";
    public static final String PIECE = "piece";
    public static final String MANIFEST = "manifest";
    static final int PIECE_BYTES = 1024 * 1024;
    /** Pieces of a job whose manifest never came (its client was told it failed) are dropped after this long. */
    private static final Duration ORPHAN_AGE = Duration.ofHours(1);
    /** A job that failed to run (Kafka away) is tried again after this long, its partition kept meanwhile. */
    private static final Duration RUN_RETRY = Duration.ofSeconds(5);
    /** A job runs inside the poll loop: the group waits this long for it before handing its partition over. */
    private static final Duration MAX_JOB_TIME = Duration.ofMinutes(30);
    /** Time to write one piece of input, on top of the publish timeout. */
    private static final double MILLIS_PER_PIECE = 200;

    /** Runs a job to its end, results written; throws when it could not (it is then run again later). */
    public interface Runner {
        void run(QueuedJob job) throws Exception;

        /**
         * Ends the job whose manifest can never be read, with the reason, so that it is not left queued for ever;
         * throws when its status could not be written (it is then tried again later).
         */
        void fail(String jobId, String reason) throws Exception;
    }

    /** A job ready to run: its manifest and its input files, in the manifest's order. */
    public record QueuedJob(JobManifest manifest, List<Path> files) {
    }

    /** A job's input as read so far, kept in a folder of its own. */
    private static final class Buffer {
        /** The key of the job's records, under which the buffer is kept. */
        final String key;
        final TopicPartition partition;
        final long firstOffset;
        final Path dir;
        /** When this instance last read a record of the job (not when it was written: a backlog is no orphan). */
        long lastReadNanos;
        JobManifest manifest;
        /** Why the job's manifest can never be read; the job then ends failed instead of waiting for ever. */
        String unreadableManifest;

        boolean isComplete() {
            return manifest != null || unreadableManifest != null;
        }

        Buffer(String key, TopicPartition partition, long firstOffset, Path dir) {
            this.key = key;
            this.partition = partition;
            this.firstOffset = firstOffset;
            this.dir = dir;
        }
    }

    private final IngestConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper objectMapper;
    private final JobStatuses statuses;
    private final PoisonRecords poison;
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    /** Names the buffers' folders: a key is any string a producer chose, never a file name. */
    private long buffersCreated;
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Path workDir;
    private Thread worker;
    private long retryAt;

    public JobQueue(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                    ObjectMapper objectMapper, JobStatuses statuses, PoisonRecords poison) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.objectMapper = objectMapper;
        this.statuses = statuses;
        this.poison = poison;
        // a large upload is many pieces: each gets the publish timeout from when it is handed over
        this.producer = new KafkaProducer<>(DocumentTopics.producerConfig(kafkaConfig, config.publishTimeout()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Starts taking the jobs of the partitions this instance is assigned. */
    public void start(Runner runner) {
        try {
            workDir = Files.createTempDirectory("docsearch-jobs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running = true;
        worker = new Thread(() -> work(runner), "ingest-jobs");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (worker != null) {
            worker.join(Duration.ofSeconds(15).toMillis());
        }
        if (workDir != null) {
            deleteRecursively(workDir);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(2));
    }

    /**
     * Writes the job's input files, cut in pieces, and returns once Kafka has all of them. The job does not exist
     * until {@link #writeManifest}: pieces without a manifest are dropped after an hour.
     *
     * @throws PublishException when Kafka did not take them in time
     */
    public void writeInput(String jobId, List<Path> files) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        byte[] piece = new byte[PIECE_BYTES];
        try {
            for (int file = 0; file < files.size(); file++) {
                try (InputStream in = Files.newInputStream(files.get(file))) {
                    int read;
                    while ((read = in.readNBytes(piece, 0, PIECE_BYTES)) > 0) {
                        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.jobs().inputTopic(), jobId,
                                Arrays.copyOf(piece, read));
                        record.headers().add(PART_HEADER, PIECE.getBytes(StandardCharsets.UTF_8))
                                .add(FILE_HEADER, Integer.toString(file).getBytes(StandardCharsets.UTF_8));
                        sent.add(producer.send(record));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long until = System.nanoTime() + config.publishTimeout().toNanos()
                + TimeUnit.MILLISECONDS.toNanos((long) (sent.size() * MILLIS_PER_PIECE));
        for (Future<RecordMetadata> pending : sent) {
            await(jobId, pending, Math.max(0, until - System.nanoTime()));
        }
    }

    /**
     * Writes the job's manifest after its input: from then on the job runs, even if this instance dies.
     *
     * @throws PublishException when Kafka did not take it in time (the job may or may not run)
     */
    public void writeManifest(JobManifest manifest) {
        ProducerRecord<String, byte[]> record;
        try {
            record = new ProducerRecord<>(config.jobs().inputTopic(), manifest.id(), objectMapper.writeValueAsBytes(manifest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A manifest always serialises", e);
        }
        record.headers().add(PART_HEADER, MANIFEST.getBytes(StandardCharsets.UTF_8));
        await(manifest.id(), producer.send(record), config.publishTimeout().toNanos());
    }

    private static void await(String jobId, Future<RecordMetadata> sent, long nanos) {
        try {
            sent.get(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("Interrupted while writing job " + jobId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("Kafka did not take job " + jobId + " in time (" + e + ")", e);
        }
    }

    /** False once the service stops: a job in hand then gives up between slices, and the next owner runs it again. */
    public boolean isRunning() {
        return running;
    }

    private void work(Runner runner) {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(groupConfig(), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = kafka;
                kafka.subscribe(List.of(config.jobs().inputTopic()), new Assignments(kafka));
                while (running) {
                    ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(500));
                    records.forEach(this::read);
                    if (records.isEmpty()) {
                        dropOrphans(kafka);
                    }
                    runNext(kafka, runner);
                }
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("Job queue woken up while running; joining again");
                }
            } catch (RuntimeException e) {
                LOG.warnf("Job queue lost Kafka (%s); joining again in a second", e.toString());
                sleep(Duration.ofSeconds(1));
            } finally {
                List.copyOf(buffers.keySet()).forEach(this::discard);
            }
        }
    }

    /**
     * Adds a record to its job's buffer. A record no instance writes (no key, no value, neither a piece nor a manifest,
     * a piece without a file number) is skipped as poison; a manifest that can never be read ends its job failed. Only
     * a failure to write a piece to disk is thrown: it is this instance's, and the records are read again.
     */
    private void read(ConsumerRecord<String, byte[]> record) {
        String part = header(record, PART_HEADER);
        if (record.key() == null || record.value() == null || !(MANIFEST.equals(part) || PIECE.equals(part))) {
            poison.skip(JobStatuses.STAGE, record, record.key() == null ? "no key" : record.value() == null ? "no value"
                    : "neither a piece nor a manifest of a job (header " + PART_HEADER + ")");
            return;
        }
        Integer fileNumber = PIECE.equals(part) ? fileNumber(record) : null;
        if (PIECE.equals(part) && fileNumber == null) {
            poison.skip(JobStatuses.STAGE, record, "a piece of a job without a file number (header " + FILE_HEADER + ")");
            return;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Buffer buffer = buffers.computeIfAbsent(record.key(),
                id -> new Buffer(id, partition, record.offset(), workDir.resolve("job-" + ++buffersCreated)));
        buffer.lastReadNanos = System.nanoTime();
        if (buffer.isComplete()) {
            return; // a record after the manifest: nothing of the job's input is written after it
        }
        if (MANIFEST.equals(part)) {
            readManifest(record, buffer);
            return;
        }
        try {
            Files.createDirectories(buffer.dir);
            Files.write(buffer.dir.resolve("file-" + fileNumber), record.value(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readManifest(ConsumerRecord<String, byte[]> record, Buffer buffer) {
        String unreadable;
        try {
            JobManifest manifest = objectMapper.readValue(record.value(), JobManifest.class);
            unreadable = wrongShape(manifest, record.key());
            if (unreadable == null) {
                buffer.manifest = manifest;
                return;
            }
        } catch (IOException e) {
            unreadable = "its manifest is not JSON of a job manifest";
        }
        poison.skip(JobStatuses.STAGE, record, unreadable);
        buffer.unreadableManifest = unreadable;
    }

    /** What is wrong with a manifest no instance would write; null when nothing is. */
    private static String wrongShape(JobManifest manifest, String key) {
        if (manifest == null || !key.equals(manifest.id())) {
            return "its manifest does not name the job its key names";
        }
        if (!JobManifest.FILES.equals(manifest.kind()) && !JobManifest.DOCUMENTS.equals(manifest.kind())) {
            return "its manifest has no known kind (files or documents)";
        }
        if (manifest.files() == null || manifest.files().isEmpty() || manifest.files().contains(null)
                || manifest.files().stream().anyMatch(file -> file.name() == null || file.bytes() < 0)
                || JobManifest.DOCUMENTS.equals(manifest.kind()) && manifest.files().size() != 1) {
            return "its manifest lists no input files, or files without a name or size";
        }
        if (manifest.createdAt() == null) {
            return "its manifest has no creation time";
        }
        return null;
    }

    /** The file a piece belongs to; null when its header says none. */
    private static Integer fileNumber(ConsumerRecord<String, byte[]> record) {
        try {
            int number = Integer.parseInt(String.valueOf(header(record, FILE_HEADER)));
            return number >= 0 ? number : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Runs the first job whose input is complete, unless one just failed to run and waits for its retry. */
    private void runNext(KafkaConsumer<String, byte[]> kafka, Runner runner) {
        if (System.nanoTime() < retryAt || !statuses.isCaughtUp()) {
            return;
        }
        Buffer next = buffers.values().stream().filter(Buffer::isComplete).findFirst().orElse(null);
        if (next == null) {
            return;
        }
        String id = next.key;
        if (!statuses.isDone(id)) {
            try {
                if (next.manifest != null) {
                    runner.run(new QueuedJob(next.manifest, inputFiles(next)));
                } else {
                    runner.fail(id, "The job's manifest in Kafka can never be read (" + next.unreadableManifest
                            + "); submit the job again");
                }
            } catch (Exception e) {
                LOG.warnf("Job %s could not run to its end (%s); trying it again in %s", id, e.toString(), RUN_RETRY);
                retryAt = System.nanoTime() + RUN_RETRY.toNanos();
                return;
            }
        }
        discard(next.key);
        commit(kafka, kafka.assignment());
    }

    /** The job's input files, in the manifest's order; a file of no piece (a 0-byte upload) is an empty file. */
    private static List<Path> inputFiles(Buffer buffer) throws IOException {
        Files.createDirectories(buffer.dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < buffer.manifest.files().size(); i++) {
            Path file = buffer.dir.resolve("file-" + i);
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            files.add(file);
        }
        return files;
    }

    /**
     * Commits each partition up to the first job still to run in it: a job is read again, whole, by whichever
     * instance has the partition next.
     */
    private void commit(KafkaConsumer<String, byte[]> kafka, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long offset = buffers.values().stream().filter(buffer -> buffer.partition.equals(partition))
                    .mapToLong(buffer -> buffer.firstOffset).min().orElse(kafka.position(partition));
            offsets.put(partition, new OffsetAndMetadata(offset));
        }
        try {
            kafka.commitSync(offsets, config.publishTimeout());
        } catch (KafkaException e) {
            // the next commit covers it; at worst a job is read again and found done
            LOG.debugf("Job offsets not committed now: %s", e.getMessage());
        }
    }

    /**
     * Pieces whose manifest never came although everything of their partition has been read for an hour: their
     * client was told the job failed.
     */
    private void dropOrphans(KafkaConsumer<String, byte[]> kafka) {
        long oldest = System.nanoTime() - ORPHAN_AGE.toNanos();
        buffers.entrySet().stream().filter(entry -> !entry.getValue().isComplete() && entry.getValue().lastReadNanos < oldest
                        && kafka.currentLag(entry.getValue().partition).orElse(-1) == 0)
                .map(Map.Entry::getKey).toList().forEach(id -> {
                    LOG.warnf("Dropping the input of job %s: its manifest never came", id);
                    discard(id);
                });
    }

    private void discard(String id) {
        Buffer buffer = buffers.remove(id);
        if (buffer != null) {
            deleteRecursively(buffer.dir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Could not delete %s: %s", dir, e.getMessage());
        }
    }

    private final class Assignments implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> kafka;

        Assignments(KafkaConsumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.infof("This instance now runs the jobs of %s", partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(kafka, partitions);
            onPartitionsLost(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            buffers.entrySet().stream().filter(entry -> partitions.contains(entry.getValue().partition))
                    .map(Map.Entry::getKey).toList().forEach(JobQueue.this::discard);
        }
    }

    private Map<String, Object> groupConfig() {
        Map<String, Object> groupConfig = new HashMap<>(kafkaConfig);
        groupConfig.put(ConsumerConfig.GROUP_ID_CONFIG, config.jobs().group());
        groupConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        groupConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        groupConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        groupConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        groupConfig.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        groupConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        groupConfig.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        groupConfig.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_JOB_TIME.toMillis());
        groupConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, DocumentTopics.MAX_MESSAGE_BYTES);
        groupConfig.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, DocumentTopics.MAX_MESSAGE_BYTES);
        groupConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        return groupConfig;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
