package cn.docsearch.ingest.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.parse.SupportedTypes;
import cn.docsearch.ingest.parse.ZipExpander;
import cn.docsearch.ingest.writer.PublishException;

/**
 * Several documents in one request: files, zip archives of files, or JSON documents. Each item is
 * accepted, recognised as a duplicate, or refused with its own reason; one bad item never fails the others.
 * Files are parsed on every core; every item is sent to Kafka before any acknowledgement is awaited, and each is
 * reported accepted only once Kafka has acknowledged it.
 */
@ApplicationScoped
public class BatchIngestService {
    private static final Logger LOG = Logger.getLogger(BatchIngestService.class);
    /** Files parsed at once: one per core. */
    private static final int PARSERS = Runtime.getRuntime().availableProcessors();

    private final IngestMetrics metrics;
    private final DocumentIngestService ingest;
    private final IngestConfig config;
    private final ExecutorService parsers = Executors.newFixedThreadPool(PARSERS, task -> {
        Thread thread = new Thread(task, "batch-parser");
        thread.setDaemon(true);
        return thread;
    });

    public BatchIngestService(DocumentIngestService ingest, IngestConfig config, IngestMetrics metrics) {
        this.ingest = ingest;
        this.config = config;
        this.metrics = metrics;
    }

    /** A file as uploaded: the name the client gave it and where its bytes are. */
    public record UploadedFile(String name, Path path) {
    }

    /** A JSON document of a batch, with the name it is reported under. */
    public record TextItem(String name, String content, SubmissionMetadata metadata) {
    }

    /** One item's result: an outcome, or the refusal that names the item and the reason. */
    public record BatchItem(String name, IngestOutcome outcome, DocumentRefusedException refusal) {
    }

    /** An item submitted (its acknowledgement still to await) or refused at once. */
    private record Pending(String name, DocumentIngestService.Submitted submitted, DocumentRefusedException refusal) {
    }

    /** An item of the batch to parse (a file, or a text to structure), or one refused already. */
    private record Work(String name, Callable<DocumentIngestService.Draft> parse, DocumentRefusedException refusal) {
    }

    /**
     * The items of a batch ready to be parsed and submitted, in whole or in slices ({@link #run}); closing it deletes
     * the folders its zips were expanded into.
     */
    public static final class Prepared implements AutoCloseable {
        private final List<Work> work = new ArrayList<>();
        private final List<Path> workDirs = new ArrayList<>();

        public int size() {
            return work.size();
        }

        @Override
        public void close() {
            workDirs.forEach(BatchIngestService::deleteRecursively);
        }
    }

    /** Several files; a zip among them is expanded, and a hostile zip is refused as one item. */
    public List<BatchItem> ingestFiles(List<UploadedFile> files, SubmissionMetadata shared) {
        try (Prepared batch = prepareFiles(files, shared)) {
            return runAll(batch);
        }
    }

    public List<BatchItem> ingestTexts(List<TextItem> texts) {
        try (Prepared batch = prepareTexts(texts)) {
            return runAll(batch);
        }
    }

    /**
     * Every document in a zip. The archive as a whole is refused (thrown, nothing accepted) when it is
     * hostile; a member that cannot be read is refused on its own.
     */
    public List<BatchItem> ingestArchive(UploadedFile zip, SubmissionMetadata shared) {
        Prepared batch = new Prepared();
        try (batch) {
            batch.work.addAll(archiveWork(zip, shared, batch.workDirs));
            return runAll(batch);
        }
    }

    public Prepared prepareFiles(List<UploadedFile> files, SubmissionMetadata shared) {
        Prepared batch = new Prepared();
        try {
            addFiles(batch, files, shared);
            return batch;
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
    }

    private void addFiles(Prepared batch, List<UploadedFile> files, SubmissionMetadata shared) {
        for (UploadedFile file : files) {
            try {
                String type = ingest.detectType(file.path(), file.name());
                if (SupportedTypes.ZIP.equals(type)) {
                    // a hostile zip is one refused item here, not the whole request
                    batch.work.addAll(archiveWork(file, shared, batch.workDirs));
                } else {
                    batch.work.add(fileWork(file.name(), file.path(), type, shared));
                }
            } catch (DocumentRefusedException e) {
                batch.work.add(new Work(file.name(), null, e.forFile(file.name())));
            }
        }
    }

    public Prepared prepareTexts(List<TextItem> texts) {
        Prepared batch = new Prepared();
        texts.forEach(text -> batch.work.add(new Work(text.name(),
                () -> ingest.draftText(text.content(), text.metadata(), "application/json"), null)));
        return batch;
    }

    /**
     * Parses and submits these items of the batch (by index) and awaits Kafka for them: one result each, in order.
     *
     * @param keyPrefix when set, item {@code i} is sent with the Idempotency-Key {@code keyPrefix + i}, so that running
     *                  the items again (a job resumed by another instance) gives the same results and stores nothing twice
     */
    public List<BatchItem> run(Prepared batch, List<Integer> indices, String keyPrefix) {
        return settle(parseAndSubmit(batch.work, indices, keyPrefix));
    }

    private List<BatchItem> runAll(Prepared batch) {
        return run(batch, IntStream.range(0, batch.size()).boxed().toList(), null);
    }

    /** The members of a zip, expanded into a work folder deleted with the batch. */
    private List<Work> archiveWork(UploadedFile zip, SubmissionMetadata shared, List<Path> workDirs) {
        Path workDir = createWorkDir();
        workDirs.add(workDir);
        List<ZipExpander.Member> members = ZipExpander.expand(zip.path(), workDir, new ZipExpander.Limits(
                config.zip().maxEntries(), config.maxFileBytes(), config.zip().maxExpandedBytes(),
                config.zip().maxCompressionRatio()));
        List<Work> work = new ArrayList<>();
        for (ZipExpander.Member member : members) {
            String name = zip.name() + "/" + member.name();
            try {
                String type = ingest.detectType(member.file(), member.name());
                if (SupportedTypes.ZIP.equals(type)) {
                    throw new DocumentRefusedException(415, "unsupported-type", "archives inside archives are not expanded");
                }
                work.add(fileWork(name, member.file(), type, shared));
            } catch (DocumentRefusedException e) {
                work.add(new Work(name, null, e.forFile(name)));
            }
        }
        return work;
    }

    private Work fileWork(String name, Path path, String type, SubmissionMetadata shared) {
        return new Work(name, () -> ingest.parseFile(path, name, type, shared), null);
    }

    /**
     * Parses the items on every core, at most one per core ahead of the one being submitted (so a batch never holds
     * more parsed texts than that), and submits them in their order: results, duplicates and versions come out as if
     * parsed one after the other.
     */
    private List<Pending> parseAndSubmit(List<Work> work, List<Integer> indices, String keyPrefix) {
        Submitter submitter = new Submitter();
        List<Future<DocumentIngestService.Draft>> parsed = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < indices.size(); i++) {
            while (parsed.size() < indices.size() && parsed.size() <= i + PARSERS) {
                Work next = work.get(indices.get(parsed.size()));
                parsed.add(next.parse() == null ? null : parsers.submit(next.parse()));
            }
            Work item = work.get(indices.get(i));
            if (item.refusal() != null) {
                pending.add(new Pending(item.name(), null, item.refusal()));
                continue;
            }
            DocumentIngestService.Draft draft;
            try {
                draft = parsed.get(i).get();
            } catch (ExecutionException e) {
                pending.add(new Pending(item.name(), null, (e.getCause() instanceof DocumentRefusedException refused
                        ? refused : unforeseen(e.getCause())).forFile(item.name())));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while parsing " + item.name(), e);
            }
            String idempotencyKey = keyPrefix == null ? null : keyPrefix + indices.get(i);
            pending.add(submitter.submit(item.name(), () -> ingest.submit(draft, idempotencyKey)));
        }
        return pending;
    }

    /**
     * Submits the items of one batch without waiting for Kafka; a refusal names the item. Once Kafka could not take
     * one item, the rest are refused the same way at once rather than each waiting for it in turn.
     */
    private static final class Submitter {
        private PublishException brokerDown;

        Pending submit(String name, Supplier<DocumentIngestService.Submitted> submission) {
            if (brokerDown != null) {
                return new Pending(name, null, unavailable(brokerDown));
            }
            try {
                return new Pending(name, submission.get(), null);
            } catch (DocumentRefusedException e) {
                return new Pending(name, null, e.forFile(name));
            } catch (PublishException e) {
                brokerDown = e;
                return new Pending(name, null, unavailable(e));
            }
        }
    }

    /** Awaits Kafka's acknowledgement of every item sent: each item's outcome, or why it failed. */
    private List<BatchItem> settle(List<Pending> items) {
        List<BatchItem> results = new ArrayList<>();
        for (Pending item : items) {
            if (item.refusal() != null) {
                results.add(new BatchItem(item.name(), null, item.refusal()));
                metrics.refused(item.refusal().problemType());
                continue;
            }
            try {
                IngestOutcome outcome = ingest.await(item.submitted());
                results.add(new BatchItem(item.name(), outcome, null));
                metrics.outcome(outcome);
            } catch (PublishException e) {
                results.add(new BatchItem(item.name(), null, unavailable(e)));
                metrics.refused(DocumentIngestService.BROKER_UNAVAILABLE);
            }
        }
        return results;
    }

    @PreDestroy
    void close() {
        parsers.shutdownNow();
    }

    /** A parser failure nobody foresaw fails its item, never the batch: logged with an id the item's reason gives. */
    private static DocumentRefusedException unforeseen(Throwable failure) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unforeseen failure %s while reading an item of a batch", errorId);
        return new DocumentRefusedException(422, "unparseable-document", "the file could not be read (error " + errorId
                + " has been logged)");
    }

    private static DocumentRefusedException unavailable(PublishException e) {
        return new DocumentRefusedException(503, DocumentIngestService.BROKER_UNAVAILABLE, e.getMessage() + "; this item was probably not stored, retry it");
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("docsearch-archive");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
