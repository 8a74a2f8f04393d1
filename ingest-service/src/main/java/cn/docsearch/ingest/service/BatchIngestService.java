package cn.docsearch.ingest.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.kafka.PublishException;
import cn.docsearch.ingest.parse.SupportedTypes;
import cn.docsearch.ingest.parse.ZipExpander;

/**
 * Several documents in one request: files, zip archives of files, or JSON documents. Each item is
 * accepted, recognised as a duplicate, or refused with its own reason; one bad item never fails the others.
 * Files are parsed on every core; every item is sent to Kafka before any acknowledgement is awaited, and each is
 * reported accepted only once Kafka has acknowledged it.
 */
@ApplicationScoped
public class BatchIngestService {
    /** Files parsed at once: one per core. */
    private static final int PARSERS = Runtime.getRuntime().availableProcessors();

    private final DocumentIngestService ingest;
    private final IngestConfig config;
    private final ExecutorService parsers = Executors.newFixedThreadPool(PARSERS, task -> {
        Thread thread = new Thread(task, "batch-parser");
        thread.setDaemon(true);
        return thread;
    });

    public BatchIngestService(DocumentIngestService ingest, IngestConfig config) {
        this.ingest = ingest;
        this.config = config;
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

    /** A file of the batch to parse, or one refused already. */
    private record Work(String name, Callable<DocumentIngestService.Draft> parse, DocumentRefusedException refusal) {
    }

    /** Several files; a zip among them is expanded, and a hostile zip is refused as one item. */
    public List<BatchItem> ingestFiles(List<UploadedFile> files, SubmissionMetadata shared) {
        List<Path> workDirs = new ArrayList<>();
        try {
            List<Work> work = new ArrayList<>();
            for (UploadedFile file : files) {
                try {
                    String type = ingest.detectType(file.path(), file.name());
                    if (SupportedTypes.ZIP.equals(type)) {
                        // a hostile zip is one refused item here, not the whole request
                        work.addAll(archiveWork(file, shared, workDirs));
                    } else {
                        work.add(fileWork(file.name(), file.path(), type, shared));
                    }
                } catch (DocumentRefusedException e) {
                    work.add(new Work(file.name(), null, e.forFile(file.name())));
                }
            }
            return settle(parseAndSubmit(work));
        } finally {
            workDirs.forEach(BatchIngestService::deleteRecursively);
        }
    }

    public List<BatchItem> ingestTexts(List<TextItem> texts) {
        Submitter submitter = new Submitter();
        return settle(texts.stream().map(text -> submitter.submit(text.name(),
                () -> ingest.submitText(text.content(), text.metadata(), "application/json", null))).toList());
    }

    /**
     * Every document in a zip. The archive as a whole is refused (thrown, nothing accepted) when it is
     * hostile; a member that cannot be read is refused on its own.
     */
    public List<BatchItem> ingestArchive(UploadedFile zip, SubmissionMetadata shared) {
        List<Path> workDirs = new ArrayList<>();
        try {
            return settle(parseAndSubmit(archiveWork(zip, shared, workDirs)));
        } finally {
            workDirs.forEach(BatchIngestService::deleteRecursively);
        }
    }

    /** The members of a zip, expanded into a work folder the caller deletes once they are parsed. */
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
     * Parses the files on every core, at most one per core ahead of the one being submitted (so a batch never
     * holds more parsed texts than that), and submits them in their order: results, duplicates and versions come out
     * as if parsed one after the other.
     */
    private List<Pending> parseAndSubmit(List<Work> work) {
        Submitter submitter = new Submitter();
        List<Future<DocumentIngestService.Draft>> parsed = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            while (parsed.size() < work.size() && parsed.size() <= i + PARSERS) {
                Work next = work.get(parsed.size());
                parsed.add(next.parse() == null ? null : parsers.submit(next.parse()));
            }
            Work item = work.get(i);
            if (item.refusal() != null) {
                pending.add(new Pending(item.name(), null, item.refusal()));
                continue;
            }
            DocumentIngestService.Draft draft;
            try {
                draft = parsed.get(i).get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof DocumentRefusedException refused) {
                    pending.add(new Pending(item.name(), null, refused.forFile(item.name())));
                    continue;
                }
                throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while parsing " + item.name(), e);
            }
            pending.add(submitter.submit(item.name(), () -> ingest.submit(draft, null)));
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
                continue;
            }
            try {
                results.add(new BatchItem(item.name(), ingest.await(item.submitted()), null));
            } catch (PublishException e) {
                results.add(new BatchItem(item.name(), null, unavailable(e)));
            }
        }
        return results;
    }

    @PreDestroy
    void close() {
        parsers.shutdownNow();
    }

    private static DocumentRefusedException unavailable(PublishException e) {
        return new DocumentRefusedException(503, "broker-unavailable", e.getMessage() + "; this item was probably not stored, retry it");
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
