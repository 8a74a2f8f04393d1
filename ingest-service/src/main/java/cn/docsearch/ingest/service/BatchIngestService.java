package cn.docsearch.ingest.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.kafka.PublishException;
import cn.docsearch.ingest.parse.SupportedTypes;
import cn.docsearch.ingest.parse.ZipExpander;

/**
 * Several documents in one request: files, zip archives of files, or JSON documents. Each item is
 * accepted, recognised as a duplicate, or refused with its own reason; one bad item never fails the others.
 * Every item is sent to Kafka before any acknowledgement is awaited, and each is reported accepted only once Kafka
 * has acknowledged it.
 */
@ApplicationScoped
public class BatchIngestService {
    private final DocumentIngestService ingest;
    private final IngestConfig config;

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

    /** Several files; a zip among them is expanded, and a hostile zip is refused as one item. */
    public List<BatchItem> ingestFiles(List<UploadedFile> files, SubmissionMetadata shared) {
        Submitter submitter = new Submitter();
        List<Pending> items = new ArrayList<>();
        for (UploadedFile file : files) {
            String type;
            try {
                type = ingest.detectType(file.path(), file.name());
            } catch (DocumentRefusedException e) {
                items.add(new Pending(file.name(), null, e.forFile(file.name())));
                continue;
            }
            if (SupportedTypes.ZIP.equals(type)) {
                try {
                    // a hostile zip is one refused item here, not the whole request
                    items.addAll(submitArchive(file, shared, submitter));
                } catch (DocumentRefusedException e) {
                    items.add(new Pending(file.name(), null, e.forFile(file.name())));
                }
            } else {
                items.add(submitter.submit(file.name(), () -> ingest.submitFile(file.path(), file.name(), type, shared, null)));
            }
        }
        return settle(items);
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
        return settle(submitArchive(zip, shared, new Submitter()));
    }

    private List<Pending> submitArchive(UploadedFile zip, SubmissionMetadata shared, Submitter submitter) {
        Path workDir = createWorkDir();
        try {
            List<ZipExpander.Member> members = ZipExpander.expand(zip.path(), workDir, new ZipExpander.Limits(
                    config.zip().maxEntries(), config.maxFileBytes(), config.zip().maxExpandedBytes(),
                    config.zip().maxCompressionRatio()));
            List<Pending> items = new ArrayList<>();
            for (ZipExpander.Member member : members) {
                String name = zip.name() + "/" + member.name();
                try {
                    String type = ingest.detectType(member.file(), member.name());
                    if (SupportedTypes.ZIP.equals(type)) {
                        throw new DocumentRefusedException(415, "unsupported-type", "archives inside archives are not expanded");
                    }
                    items.add(submitter.submit(name, () -> ingest.submitFile(member.file(), name, type, shared, null)));
                } catch (DocumentRefusedException e) {
                    items.add(new Pending(name, null, e.forFile(name)));
                }
            }
            return items;
        } finally {
            deleteRecursively(workDir);
        }
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
