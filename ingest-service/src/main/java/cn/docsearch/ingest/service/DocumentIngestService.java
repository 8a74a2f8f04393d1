package cn.docsearch.ingest.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.RecordMetadata;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.event.DocumentEvent;
import cn.docsearch.ingest.kafka.DocumentEventPublisher;
import cn.docsearch.ingest.kafka.DocumentRegistry;
import cn.docsearch.ingest.kafka.PublishException;
import cn.docsearch.ingest.parse.ChineseStructure;
import cn.docsearch.ingest.parse.DocumentDates;
import cn.docsearch.ingest.parse.DocumentStructure;
import cn.docsearch.ingest.parse.ParsedDocument;
import cn.docsearch.ingest.parse.Section;
import cn.docsearch.ingest.parse.TikaDocumentParser;

/**
 * Turns a submission into a published document: text or a parsed file, a stable id, a content hash,
 * duplicate and version detection against the registry, then the event, acknowledged by Kafka.
 */
@ApplicationScoped
public class DocumentIngestService {
    static final int MAX_TITLE_CHARS = 200;
    static final int MAX_TAGS = 50;
    static final int MAX_FILE_NAME_CHARS = 255;
    /** The author comes from the file's properties, not from the submitter: cut, not refused. */
    private static final int MAX_AUTHOR_CHARS = 256;
    private static final int LOCK_STRIPES = 64;

    private final DocumentEventPublisher publisher;
    private final DocumentRegistry registry;
    private final TikaDocumentParser parser;
    private final IngestConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final Map<String, CompletableFuture<RecordMetadata>> inFlightById = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<RecordMetadata>> inFlightByHash = new ConcurrentHashMap<>();

    public DocumentIngestService(DocumentEventPublisher publisher, DocumentRegistry registry, TikaDocumentParser parser,
                                 IngestConfig config) {
        this.publisher = publisher;
        this.registry = registry;
        this.parser = parser;
        this.config = config;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** What a document is made of before it gets an id: a parsed file or a text, not yet sent. */
    public record Draft(String title, String body, List<Section> sections, SubmissionMetadata submitted,
                         String contentType, String fileName, String author, String documentDate, String encoding,
                         Integer pageCount) {
    }

    /**
     * A document handed to Kafka, or recognised as already there; {@link #await} gives its outcome once Kafka has
     * acknowledged it. A batch submits all its documents first and then awaits them, so Kafka takes them in a few
     * requests instead of one round trip each.
     */
    public record Submitted(IngestOutcome outcome, CompletableFuture<RecordMetadata> acknowledged, String idempotencyKey) {
    }

    /** Text submitted as JSON or text/plain: kept as written, its structure recovered from the lines. */
    public IngestOutcome ingestText(String content, SubmissionMetadata submitted, String contentType, String idempotencyKey) {
        return await(submitText(content, submitted, contentType, idempotencyKey));
    }

    public Submitted submitText(String content, SubmissionMetadata submitted, String contentType, String idempotencyKey) {
        SubmissionMetadata metadata = submitted.normalised();
        String text = normalise(content);
        if (text.isBlank()) {
            throw DocumentRefusedException.invalid("The document has no text: 'content' is empty or only white space");
        }
        requireWithinLimit(text.length());
        DocumentStructure structure = ChineseStructure.ofText(text);
        String title = firstNonBlank(metadata.title(), structure.leadingLine(), text.lines().findFirst().orElse(""));
        return submit(new Draft(title, text, structure.sections(), metadata, contentType, null, null,
                DocumentDates.find(text).map(LocalDate::toString).orElse(null), null, null), idempotencyKey);
    }

    /** One uploaded file that is a document (archives go through {@link #detectType}). */
    public IngestOutcome ingestFile(Path file, String fileName, String mediaType, SubmissionMetadata submitted,
                                    String idempotencyKey) {
        return await(submitFile(file, fileName, mediaType, submitted, idempotencyKey));
    }

    public Submitted submitFile(Path file, String fileName, String mediaType, SubmissionMetadata submitted,
                                String idempotencyKey) {
        return submit(parseFile(file, fileName, mediaType, submitted), idempotencyKey);
    }

    /** Parses a file into a draft; it does not touch Kafka or the registry, so several can be parsed at once. */
    public Draft parseFile(Path file, String fileName, String mediaType, SubmissionMetadata submitted) {
        SubmissionMetadata metadata = submitted.normalised();
        SubmissionMetadata.requireAtMost("The file name", fileName, MAX_FILE_NAME_CHARS);
        ParsedDocument parsed = parser.parse(file, fileName, mediaType, config.maxBodyChars());
        String body = normalise(parsed.body());
        requireWithinLimit(body.length());
        String title = firstNonBlank(metadata.title(), parsed.title(), fileName);
        return new Draft(title, body, parsed.sections(), metadata, parsed.detectedType(), fileName,
                atMost(parsed.author(), MAX_AUTHOR_CHARS), parsed.documentDate(), parsed.encoding(), parsed.pageCount());
    }

    /** The media type from the bytes; refuses empty and oversized files before anything is parsed. */
    public String detectType(Path file, String fileName) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new DocumentRefusedException(400, "empty-file", "the file is empty (0 bytes)");
            }
            if (size > config.maxFileBytes()) {
                throw new DocumentRefusedException(413, "file-too-large", "the file has " + size
                        + " bytes; the limit is " + config.maxFileBytes());
            }
            return parser.detect(file, fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The latest accepted version of a document, as the document log has it. */
    public DocumentRegistry.Known find(String id) {
        awaitRegistry();
        return registry.byId(id).orElseThrow(() -> new DocumentRefusedException(404, "document-not-found", "No document with id " + id));
    }

    /** Publishes a tombstone: the document disappears from search. */
    public void delete(String id) {
        awaitRegistry();
        synchronized (lockFor(id)) {
            awaitInFlight(id, null);
            if (registry.byId(id).isEmpty()) {
                throw new DocumentRefusedException(404, "document-not-found", "No document with id " + id);
            }
            int version = registry.lastVersion(id) + 1;
            RecordMetadata written = publisher.publishDeletion(id, version);
            registry.recordPublished(new DocumentRegistry.Known(id, "", version, 0, null, written.offset(), true, true));
        }
    }

    /**
     * The outcome of a submitted document once Kafka has acknowledged it (at once for a duplicate).
     *
     * @throws PublishException when Kafka did not acknowledge it in time
     */
    public IngestOutcome await(Submitted submitted) {
        publisher.await(submitted.acknowledged());
        if (submitted.idempotencyKey() != null) {
            registry.rememberKey(submitted.idempotencyKey(), submitted.outcome());
        }
        return submitted.outcome();
    }

    /** Decides what the draft is (new, a new version, a duplicate) and hands it to Kafka without waiting. */
    public Submitted submit(Draft draft, String idempotencyKey) {
        awaitRegistry();
        String contentHash = "sha256:" + sha256(draft.body());
        if (idempotencyKey != null) {
            Optional<IngestOutcome> earlier = registry.outcomeFor(idempotencyKey, contentHash);
            if (earlier.isPresent()) {
                return new Submitted(earlier.get(), CompletableFuture.completedFuture(null), null);
            }
        }
        String id = documentId(draft.submitted().clientId(), contentHash);
        synchronized (lockFor(id)) {
            // what an earlier, still unacknowledged send of this id or content becomes decides what this one is
            awaitInFlight(id, contentHash);
            Optional<DocumentRegistry.Known> sameContent = registry.byContentHash(contentHash);
            if (sameContent.isPresent()) {
                DocumentRegistry.Known known = sameContent.get();
                return new Submitted(new IngestOutcome(known.id(), IngestOutcome.DUPLICATE, contentHash, known.version(),
                        known.charCount(), known.title()), CompletableFuture.completedFuture(null), idempotencyKey);
            }
            // counts on across deletions, so that a version never repeats for one id
            int version = registry.lastVersion(id) + 1;
            String title = truncate(draft.title(), MAX_TITLE_CHARS);
            SubmissionMetadata submitted = draft.submitted();
            DocumentEvent event = new DocumentEvent(DocumentEvent.SCHEMA_VERSION, id, title, draft.body(),
                    draft.sections().stream().map(s -> new DocumentEvent.Section(s.headings(), s.paragraphs())).toList(),
                    new DocumentEvent.Metadata(submitted.source(), submitted.tags(), submitted.clientId(), draft.author(),
                            draft.documentDate(), draft.fileName(), draft.contentType(), draft.encoding(),
                            draft.pageCount(), draft.body().length(), version, idempotencyKey),
                    contentHash, Instant.now(clock));
            // recorded on acknowledgement, before anyone waiting for the future sees it complete
            CompletableFuture<RecordMetadata> acknowledged = publisher.send(event).thenApply(written -> {
                registry.recordPublished(new DocumentRegistry.Known(id, contentHash, version, draft.body().length(),
                        title, written.offset(), false, true));
                return written;
            });
            inFlightById.put(id, acknowledged);
            inFlightByHash.put(contentHash, acknowledged);
            acknowledged.whenComplete((written, failure) -> {
                inFlightById.remove(id, acknowledged);
                inFlightByHash.remove(contentHash, acknowledged);
            });
            return new Submitted(new IngestOutcome(id, IngestOutcome.ACCEPTED, contentHash, version,
                    draft.body().length(), title), acknowledged, idempotencyKey);
        }
    }

    /** Waits for this instance's unacknowledged sends of the id or the content; one that failed changed nothing. */
    private void awaitInFlight(String id, String contentHash) {
        for (CompletableFuture<RecordMetadata> earlier : Arrays.asList(inFlightById.get(id),
                contentHash == null ? null : inFlightByHash.get(contentHash))) {
            if (earlier != null) {
                try {
                    publisher.await(earlier);
                } catch (PublishException e) {
                    // the registry does not have it, so this submission is judged without it
                }
            }
        }
    }

    private void awaitRegistry() {
        try {
            if (!registry.awaitCaughtUp(config.publishTimeout())) {
                throw new PublishException("ingest-service has not finished reading the document log from Kafka", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("Interrupted while waiting for the document log", e);
        }
    }

    private void requireWithinLimit(int chars) {
        if (chars > config.maxBodyChars()) {
            throw new DocumentRefusedException(413, "document-too-large", "the text has " + chars
                    + " characters; the limit is " + config.maxBodyChars());
        }
    }

    private Object lockFor(String id) {
        return locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
    }

    /**
     * The same client id always names the same document (a new upload replaces it); without one, the same
     * content does, so a repeated upload is recognised rather than stored twice.
     */
    static String documentId(String clientId, String contentHash) {
        String name = clientId != null ? "client:" + clientId : "content:" + contentHash;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** NFC, unix line ends, no BOM: the same text always hashes the same. */
    static String normalise(String content) {
        if (content == null) {
            return "";
        }
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        return Normalizer.normalize(text.replace("\r\n", "\n").replace('\r', '\n'), Normalizer.Form.NFC).strip();
    }

    private static String atMost(String value, int maxChars) {
        return value == null || value.length() <= maxChars ? value : value.substring(0, maxChars);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return "";
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
