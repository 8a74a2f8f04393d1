package cn.docsearch.ingest.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.ingest.config.IngestConfig;
import cn.docsearch.ingest.event.DocumentEvent;
import cn.docsearch.ingest.kafka.DocumentEventPublisher;

/** Validates a submission, gives it a stable id and a content hash, and publishes it. */
@ApplicationScoped
public class DocumentIngestService {
    private static final int MAX_TITLE_CHARS = 200;
    private static final int MAX_TAGS = 50;

    private final DocumentEventPublisher publisher;
    private final IngestConfig config;
    private final Clock clock;

    public DocumentIngestService(DocumentEventPublisher publisher, IngestConfig config) {
        this.publisher = publisher;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    public AcceptedDocument ingest(NewDocument document) {
        String body = normalise(document.content());
        if (body.isBlank()) {
            throw DocumentRefusedException.invalid("The document has no text: 'content' is empty or only white space");
        }
        if (body.length() > config.maxBodyChars()) {
            throw new DocumentRefusedException(413, "document-too-large", "The document has " + body.length()
                    + " characters; the limit is " + config.maxBodyChars());
        }
        List<String> tags = document.tags() == null ? List.of()
                : document.tags().stream().filter(t -> t != null && !t.isBlank()).map(String::strip).distinct().toList();
        if (tags.size() > MAX_TAGS) {
            throw DocumentRefusedException.invalid("At most " + MAX_TAGS + " tags are accepted, got " + tags.size());
        }
        String contentHash = "sha256:" + sha256(body);
        String title = titleOf(document.title(), body);
        String id = documentId(document.clientId(), contentHash);
        DocumentEvent event = new DocumentEvent(DocumentEvent.SCHEMA_VERSION, id, title, body,
                new DocumentEvent.Metadata(blankToNull(document.source()), tags, blankToNull(document.clientId()),
                        document.contentType(), body.length()),
                contentHash, Instant.now(clock));
        publisher.publish(event);
        return new AcceptedDocument(id, contentHash, body.length());
    }

    /**
     * The same client id always names the same document (a new upload replaces it); without one, the same
     * content does, so a repeated upload is an idempotent overwrite rather than a second copy.
     */
    static String documentId(String clientId, String contentHash) {
        String name = clientId != null && !clientId.isBlank() ? "client:" + clientId.strip() : "content:" + contentHash;
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

    private static String titleOf(String title, String body) {
        String candidate = title != null && !title.isBlank() ? title.strip() : body.lines().findFirst().orElse("").strip();
        return candidate.length() <= MAX_TITLE_CHARS ? candidate : candidate.substring(0, MAX_TITLE_CHARS);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
