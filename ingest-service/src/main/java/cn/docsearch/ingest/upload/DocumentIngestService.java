package cn.docsearch.ingest.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.document.DocumentSizeLimit;
import cn.docsearch.ingest.document.IngestOutcome;
import cn.docsearch.ingest.document.KnownDocument;
import cn.docsearch.ingest.document.RequestedWrite;
import cn.docsearch.ingest.event.DocumentEvent;
import cn.docsearch.ingest.originals.OriginalFile;
import cn.docsearch.ingest.originals.OriginalStore;
import cn.docsearch.ingest.originals.OriginalStore.StoredOriginal;
import cn.docsearch.ingest.originals.OriginalsView;
import cn.docsearch.ingest.parse.ChineseStructure;
import cn.docsearch.ingest.parse.DocumentDates;
import cn.docsearch.ingest.parse.DocumentStructure;
import cn.docsearch.ingest.parse.ParsedDocument;
import cn.docsearch.ingest.parse.Section;
import cn.docsearch.ingest.parse.TikaDocumentParser;
import cn.docsearch.ingest.registry.DocumentRegistry;
import cn.docsearch.ingest.writer.NotOwnerException;
import cn.docsearch.ingest.writer.PartitionWriters;
import cn.docsearch.ingest.writer.PublishException;
import cn.docsearch.text.DocumentText;

/**
 * Turns a submission into a published document: text or a parsed file, a stable id, a content hash, then the
 * writer of the id's partition, which detects duplicates and versions and publishes the event.
 */
@ApplicationScoped
public class DocumentIngestService {
    static final int MAX_TITLE_CHARS = 200;
    static final int MAX_TAGS = 50;
    static final int MAX_FILE_NAME_CHARS = 255;
    /** The author comes from the file's properties, not from the submitter: cut, not refused. */
    private static final int MAX_AUTHOR_CHARS = 256;
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);
    /** How long a read waits, at most for each step, to see the writes acknowledged before it. */
    private static final Duration READ_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(DocumentIngestService.class);

    /** Problem type of a document Kafka did not take in time. */
    static final String BROKER_UNAVAILABLE = "broker-unavailable";

    private final IngestMetrics metrics;
    private final PartitionWriters writers;
    private final WriteForwarder forwarder;
    private final DocumentRegistry registry;
    private final OriginalsView originalsView;
    private final OriginalStore originals;
    private final TikaDocumentParser parser;
    private final IngestConfig config;

    public DocumentIngestService(PartitionWriters writers, WriteForwarder forwarder, DocumentRegistry registry,
                                 OriginalsView originalsView, OriginalStore originals, TikaDocumentParser parser,
                                 IngestConfig config, IngestMetrics metrics) {
        this.metrics = metrics;
        this.originalsView = originalsView;
        this.originals = originals;
        this.writers = writers;
        this.forwarder = forwarder;
        this.registry = registry;
        this.parser = parser;
        this.config = config;
    }

    /**
     * What a document is made of before it gets an id: a parsed file or a text, not yet sent.
     *
     * @param original the uploaded file, kept as the document's original; null for a text
     */
    public record Draft(String title, String body, List<Section> sections, SubmissionMetadata submitted,
                         String contentType, String fileName, String author, String documentDate, String encoding,
                         Integer pageCount, OriginalFile original) {

        public Draft withOriginal(OriginalFile file) {
            return new Draft(title, body, sections, submitted, contentType, fileName, author, documentDate, encoding,
                    pageCount, file);
        }
    }

    /**
     * A document handed to its writer; {@link #await} gives its outcome once Kafka has committed it. A batch submits
     * all its documents first and then awaits them, so that they go to Kafka in a few transactions.
     */
    public record Submitted(CompletableFuture<IngestOutcome> outcome) {
    }

    /** Text submitted as JSON or text/plain: kept as written, its structure recovered from the lines. */
    public IngestOutcome ingestText(String content, SubmissionMetadata submitted, String contentType, String idempotencyKey) {
        return counted(() -> await(submitText(content, submitted, contentType, idempotencyKey)));
    }

    /** A single document's outcome, or its refusal, counted (a batch counts its items itself). */
    private IngestOutcome counted(Supplier<IngestOutcome> ingestion) {
        try {
            IngestOutcome outcome = ingestion.get();
            metrics.outcome(outcome);
            return outcome;
        } catch (DocumentRefusedException e) {
            metrics.refused(e.problemType());
            throw e;
        } catch (PublishException e) {
            metrics.refused(BROKER_UNAVAILABLE);
            throw e;
        }
    }

    public Submitted submitText(String content, SubmissionMetadata submitted, String contentType, String idempotencyKey) {
        return submit(draftText(content, submitted, contentType), idempotencyKey);
    }

    /** A text as a draft; like {@link #parseFile} it touches neither Kafka nor the registry. */
    public Draft draftText(String content, SubmissionMetadata submitted, String contentType) {
        SubmissionMetadata metadata = submitted.normalised();
        if (content == null || content.isBlank()) {
            throw DocumentRefusedException.invalid("The document has no text: 'content' is empty or only white space");
        }
        String text = normalise(content);
        if (!DocumentText.hasText(text)) {
            throw DocumentRefusedException.onlyInvisibleCharacters();
        }
        DocumentSizeLimit.requireText(text.length(), config.maxBodyChars());
        DocumentStructure structure = ChineseStructure.ofText(text);
        String title = firstNonBlank(metadata.title(), structure.leadingLine(), text.lines().findFirst().orElse(""));
        return new Draft(title, text, structure.sections(), metadata, contentType, null, null,
                DocumentDates.find(text).map(LocalDate::toString).orElse(null), null, null, null);
    }

    /** One uploaded file that is a document (archives go through {@link #detectType}). */
    public IngestOutcome ingestFile(Path file, String fileName, String mediaType, SubmissionMetadata submitted,
                                    String idempotencyKey) {
        return counted(() -> await(submitFile(file, fileName, mediaType, submitted, idempotencyKey)));
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
        // the parser has applied the text rule to every block and property it read; this is the same rule again
        String body = normalise(parsed.body());
        DocumentSizeLimit.requireText(body.length(), config.maxBodyChars());
        String cleanFileName = DocumentText.clean(fileName);
        String title = firstNonBlank(metadata.title(), parsed.title(), cleanFileName);
        return new Draft(title, body, parsed.sections(), metadata, parsed.detectedType(), cleanFileName,
                atMost(parsed.author(), MAX_AUTHOR_CHARS), parsed.documentDate(), parsed.encoding(), parsed.pageCount(),
                OriginalFile.of(file, cleanFileName, parsed.detectedType(), parsed.encoding()));
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

    /** The document as accepted, if the scope admits its collection (otherwise it is not found, like a missing one). */
    public KnownDocument find(String id, CollectionScope scope) {
        awaitRegistry();
        awaitEarlierWrites(config.registryTopic(), id, registry::awaitFollowed);
        return registry.byId(id).filter(known -> scope.admits(known.collection()))
                .orElseThrow(() -> DocumentRefusedException.notFound(id));
    }

    /**
     * The file the document was uploaded as, if it has one, as of the writes acknowledged before this read (a new
     * version's file, not the one it replaced); a document of another collection is not found.
     */
    public Optional<StoredOriginal> original(String id, CollectionScope scope) throws InterruptedException {
        find(id, scope);
        awaitEarlierWrites(config.originals().manifestTopic(), id, originalsView::awaitFollowed);
        return originals.find(id);
    }

    /** Publishes a tombstone: the document disappears from search. */
    public void delete(String id, CollectionScope scope) {
        // an id belongs to one collection for good (the collection is part of how it is made): checking it here holds
        find(id, scope);
        await(new Submitted(route(WriteRequest.deletion(id))));
    }

    /**
     * The outcome of a submitted document once Kafka has committed it (at once for a duplicate).
     *
     * @throws PublishException when Kafka did not take it in time
     */
    public IngestOutcome await(Submitted submitted) {
        // every stage bounds itself within the publish timeout (see PartitionWriter): this wait is only a safety net
        long waitMs = config.publishTimeout().toMillis() + SAFETY_MARGIN.toMillis();
        long started = System.nanoTime();
        try {
            IngestOutcome outcome = submitted.outcome().get(waitMs, TimeUnit.MILLISECONDS);
            metrics.published(Duration.ofNanos(System.nanoTime() - started));
            return outcome;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new PublishException("Kafka did not take the document: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("Kafka did not confirm the document within " + config.publishTimeout()
                    + "; it may have been stored", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("Interrupted while waiting for Kafka", e);
        }
    }

    /**
     * Hands the draft to the writer of its document's partition (here or in another instance) without waiting; that
     * writer decides what it is (new, a new version, a duplicate) against everything written before it.
     */
    public Submitted submit(Draft draft, String idempotencyKey) {
        awaitRegistry();
        String contentHash = "sha256:" + sha256(draft.body());
        String id = documentId(draft.submitted().collection(), draft.submitted().clientId(), contentHash);
        return new Submitted(route(WriteRequest.upload(id, contentHash, draft, idempotencyKey)));
    }

    /** A write forwarded by another instance, for a partition this one owns (its original, if any, in a local file). */
    public IngestOutcome writeForwarded(WriteRequest request) {
        int partition = writers.partitionOf(request.id());
        return await(new Submitted(writers.writeLocally(partition, requested(request), eventOf(request), request.original())
                .orElseThrow(() -> new NotOwnerException(partition))));
    }

    /**
     * Writes locally when this instance owns the document's partition, otherwise forwards to the owner; a write that
     * reached no owner (none yet after a rebalance, or one that just went away) is tried again for a quarter of the
     * publish timeout. Nothing of it was stored in that case, so trying again cannot store it twice.
     */
    private CompletableFuture<IngestOutcome> route(WriteRequest request) {
        return route(request, System.nanoTime() + config.publishTimeout().toNanos() / 4, false);
    }

    private CompletableFuture<IngestOutcome> route(WriteRequest request, long deadline, boolean refreshOwners) {
        int partition = writers.partitionOf(request.id());
        CompletableFuture<IngestOutcome> attempt = writers.writeLocally(partition, requested(request), eventOf(request),
                        request.original())
                .or(() -> writers.owner(partition, refreshOwners).map(owner -> forwarder.forward(owner, partition, request,
                        config.publishTimeout())))
                .orElseGet(() -> CompletableFuture.failedFuture(new NotOwnerException(partition)));
        return attempt.exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (!(cause instanceof NotOwnerException)) {
                return CompletableFuture.failedFuture(cause);
            }
            if (System.nanoTime() > deadline) {
                return CompletableFuture.failedFuture(new PublishException("No ingest-service instance writes partition "
                        + partition + " at the moment (the instances are rebalancing); nothing was stored", cause));
            }
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> route(request, deadline, true));
        });
    }

    /** The request as the write rules take it; its partition's writer decides what it comes to. */
    private static RequestedWrite requested(WriteRequest request) {
        if (request.isDeletion()) {
            return RequestedWrite.deletion(request.id());
        }
        Draft draft = request.draft();
        return RequestedWrite.upload(request.id(), draft.submitted().collection(), request.contentHash(),
                draft.body().length(), truncate(draft.title(), MAX_TITLE_CHARS), request.idempotencyKey());
    }

    /** The event an upload publishes if it is a new version; its writer gives it the version and the time. */
    private static DocumentEvent eventOf(WriteRequest request) {
        if (request.isDeletion()) {
            return null;
        }
        Draft draft = request.draft();
        SubmissionMetadata submitted = draft.submitted();
        return new DocumentEvent(DocumentEvent.SCHEMA_VERSION, request.id(), submitted.collection(),
                truncate(draft.title(), MAX_TITLE_CHARS), draft.body(),
                draft.sections().stream().map(s -> new DocumentEvent.Section(s.headings(), s.paragraphs())).toList(),
                new DocumentEvent.Metadata(submitted.source(), submitted.tags(), submitted.clientId(), draft.author(),
                        draft.documentDate(), draft.fileName(), draft.contentType(), draft.encoding(),
                        draft.pageCount(), draft.body().length(), 0, request.idempotencyKey()),
                request.contentHash(), null);
    }

    /** A view of one of the document topics, read by a follower. */
    private interface FollowedView {
        boolean awaitFollowed(int partition, long offset, Duration timeout) throws InterruptedException;
    }

    /**
     * A read sees every write acknowledged before it, whichever instance wrote it: it waits until the view has read
     * the document's partition of the topic up to its end. Bounded (2 s per step): without an answer from Kafka, or
     * with a view that far behind, it answers from what this instance knows, and says so in the log.
     */
    private void awaitEarlierWrites(String topic, String id, FollowedView view) {
        Optional<PartitionWriters.PartitionEnd> end = writers.endForRead(topic, id, READ_WAIT);
        try {
            if (end.isPresent() && !view.awaitFollowed(end.get().partition(), end.get().offset(), READ_WAIT)) {
                LOG.warnf("Partition %d of %s was not read up to offset %d within %s: a read answers from what this "
                        + "instance knows", end.get().partition(), topic, end.get().offset(), READ_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("Interrupted while waiting for the document log", e);
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

    /**
     * The same client id always names the same document of a collection (a new upload replaces it); without one, the
     * same content does, so a repeated upload is recognised rather than stored twice. Ids of the default collection
     * are those of before collections.
     */
    static String documentId(String collection, String clientId, String contentHash) {
        String name = clientId != null ? "client:" + clientId : "content:" + contentHash;
        if (!CollectionNames.DEFAULT.equals(collection)) {
            name = "collection:" + collection + ":" + name;
        }
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The text as it is stored and hashed: without the characters that carry no text ({@link DocumentText#clean}: NUL
     * and other controls, zero-width and format characters, a BOM, lone surrogates), then NFC with unix line ends, so
     * that the same text always hashes the same ({@code "乡村振兴\u200B"} is {@code "乡村振兴"}). Cleaned before NFC: a
     * removed character between a letter and its accent would otherwise leave the pair uncomposed.
     */
    static String normalise(String content) {
        if (content == null) {
            return "";
        }
        String text = DocumentText.clean(content);
        return Normalizer.normalize(text.replace("\r\n", "\n").replace('\r', '\n'), Normalizer.Form.NFC).strip();
    }

    private static String atMost(String value, int maxChars) {
        return value == null || value.length() <= maxChars ? value : value.substring(0, maxChars);
    }

    /** The first value with a character that carries text (a title of only combining marks is none). */
    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (DocumentText.hasText(value)) {
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
