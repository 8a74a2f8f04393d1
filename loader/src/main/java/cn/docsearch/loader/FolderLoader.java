package cn.docsearch.loader;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import cn.docsearch.client.ApiException;
import cn.docsearch.client.api.DocumentsApi;
import cn.docsearch.client.model.BatchItem;
import cn.docsearch.client.model.BatchReceipt;

/**
 * Loads a folder (and its sub-folders, zips included) into the platform through the public API: each file is one
 * {@code uploadFiles} call, at most {@code concurrency} at once, retried after a 5xx or a broken connection with the
 * same Idempotency-Key (the file's content hash), so a retry never stores it twice. Files whose content an earlier run
 * stored are skipped (see {@link LoadState}).
 */
public final class FolderLoader {
    /** What the platform parses (the type is detected from the bytes; the extension only chooses what is sent). */
    static final Set<String> EXTENSIONS = Set.of("txt", "text", "md", "markdown", "html", "htm", "xhtml", "docx", "doc",
            "pdf", "rtf", "odt", "wps", "zip");
    private static final int ATTEMPTS = 5;

    /** A file the platform refused or could not take, and why. */
    public record Failure(String path, String reason) {
    }

    /** What a run did: files sent, documents accepted or recognised as duplicates, files skipped, failures. */
    public record Summary(int files, int accepted, int duplicates, int skipped, List<Failure> failures, double docsPerSecond) {
    }

    private final DocumentsApi documents;
    private final int concurrency;
    private final String source;
    private final List<String> tags;
    private final PrintStream progressOut;

    public FolderLoader(DocumentsApi documents, int concurrency, String source, List<String> tags, PrintStream progressOut) {
        this.documents = documents;
        this.concurrency = concurrency;
        this.source = source;
        this.tags = tags;
        this.progressOut = progressOut;
    }

    public Summary load(Path folder) throws InterruptedException {
        List<Path> files = scan(folder);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
        Progress progress = new Progress(progressOut, files.size());
        ExecutorService uploaders = Executors.newFixedThreadPool(concurrency);
        try (LoadState state = new LoadState(folder)) {
            List<Future<?>> running = new ArrayList<>();
            for (Path file : files) {
                running.add(uploaders.submit(() -> {
                    String path = folder.relativize(file).toString();
                    try {
                        String hash = contentHash(file);
                        if (state.isStored(hash)) {
                            skipped.incrementAndGet();
                        } else {
                            BatchReceipt receipt = upload(file, hash);
                            List<String> refusals = new ArrayList<>();
                            for (BatchItem item : receipt.getItems()) {
                                switch (item.getStatus()) {
                                    case ACCEPTED -> accepted.incrementAndGet();
                                    case DUPLICATE -> duplicates.incrementAndGet();
                                    // the platform's reason names the file (and the member of a zip) itself
                                    default -> refusals.add(item.getProblem() == null ? item.getName() + ": refused"
                                            : item.getProblem().getDetail());
                                }
                            }
                            refusals.forEach(reason -> failures.add(new Failure(path, reason)));
                            state.record(hash, refusals.isEmpty() ? "stored" : "failed", path);
                        }
                    } catch (ApiException e) {
                        failures.add(new Failure(path, reasonOf(e)));
                    } catch (IOException | RuntimeException e) {
                        failures.add(new Failure(path, e.toString()));
                    } finally {
                        progress.advance();
                    }
                    return null;
                }));
            }
            for (Future<?> upload : running) {
                upload.get();
            }
        } catch (java.util.concurrent.ExecutionException | IOException e) {
            throw new IllegalStateException(e);
        } finally {
            uploaders.shutdownNow();
        }
        return new Summary(files.size(), accepted.get(), duplicates.get(), skipped.get(), List.copyOf(failures),
                progress.perSecond());
    }

    /** Sends one file; a 5xx or a broken connection is retried with the same Idempotency-Key. */
    private BatchReceipt upload(Path file, String contentHash) throws ApiException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return documents.uploadFiles(contentHash, file.toFile(), null, source, tags, null);
            } catch (ApiException e) {
                boolean worthRetrying = e.getCode() == 0 || e.getCode() >= 500;
                if (!worthRetrying || attempt == ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(1000L * attempt);
            }
        }
    }

    /** Every file of the folder the platform takes, in a stable order; hidden files and the state file left out. */
    static List<Path> scan(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .filter(path -> EXTENSIONS.contains(extension(path)))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + folder, e);
        }
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The problem's detail when the platform answered one, else what went wrong on the way. */
    private static String reasonOf(ApiException e) {
        String body = e.getResponseBody();
        if (body != null && body.contains("\"detail\"")) {
            int start = body.indexOf("\"detail\"");
            return body.substring(start, Math.min(body.length(), start + 300));
        }
        return e.getCode() == 0 ? String.valueOf(e.getMessage()) : "HTTP " + e.getCode();
    }

    static String contentHash(Path file) throws IOException {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                    sha256.update(buffer, 0, read);
                }
            }
            return "file-sha256:" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
