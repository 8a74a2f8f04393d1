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

    /** Several files; a zip among them is expanded, and a hostile zip is refused as one item. */
    public List<BatchItem> ingestFiles(List<UploadedFile> files, SubmissionMetadata shared) {
        List<BatchItem> items = new ArrayList<>();
        for (UploadedFile file : files) {
            String type;
            try {
                type = ingest.detectType(file.path(), file.name());
            } catch (DocumentRefusedException e) {
                items.add(new BatchItem(file.name(), null, e.forFile(file.name())));
                continue;
            }
            if (SupportedTypes.ZIP.equals(type)) {
                try {
                    items.addAll(ingestArchive(file, shared));
                } catch (DocumentRefusedException e) {
                    items.add(new BatchItem(file.name(), null, e.forFile(file.name())));
                }
            } else {
                items.add(ingestOne(file.name(), file.path(), type, shared));
            }
        }
        return items;
    }

    /**
     * Every document in a zip. The archive as a whole is refused (thrown, nothing accepted) when it is
     * hostile; a member that cannot be read is refused on its own.
     */
    public List<BatchItem> ingestArchive(UploadedFile zip, SubmissionMetadata shared) {
        Path workDir = createWorkDir();
        try {
            List<ZipExpander.Member> members = ZipExpander.expand(zip.path(), workDir, new ZipExpander.Limits(
                    config.zip().maxEntries(), config.maxFileBytes(), config.zip().maxExpandedBytes(),
                    config.zip().maxCompressionRatio()));
            List<BatchItem> items = new ArrayList<>();
            for (ZipExpander.Member member : members) {
                String name = zip.name() + "/" + member.name();
                try {
                    String type = ingest.detectType(member.file(), member.name());
                    if (SupportedTypes.ZIP.equals(type)) {
                        throw new DocumentRefusedException(415, "unsupported-type", "archives inside archives are not expanded");
                    }
                    items.add(ingestOne(name, member.file(), type, shared));
                } catch (DocumentRefusedException e) {
                    items.add(new BatchItem(name, null, e.forFile(name)));
                }
            }
            return items;
        } finally {
            deleteRecursively(workDir);
        }
    }

    public List<BatchItem> ingestTexts(List<TextItem> texts) {
        return texts.stream().map(text -> item(text.name(),
                () -> ingest.ingestText(text.content(), text.metadata(), "application/json", null))).toList();
    }

    private BatchItem ingestOne(String name, Path path, String type, SubmissionMetadata shared) {
        return item(name, () -> ingest.ingestFile(path, name, type, shared, null));
    }

    /** One item's result: its outcome, or why it was refused (Kafka being down included), naming the item. */
    private static BatchItem item(String name, Supplier<IngestOutcome> ingestion) {
        try {
            return new BatchItem(name, ingestion.get(), null);
        } catch (DocumentRefusedException e) {
            return new BatchItem(name, null, e.forFile(name));
        } catch (PublishException e) {
            return new BatchItem(name, null, unavailable(e));
        }
    }

    private static DocumentRefusedException unavailable(PublishException e) {
        return new DocumentRefusedException(503, "broker-unavailable", e.getMessage() + "; this item was not stored, retry it");
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
