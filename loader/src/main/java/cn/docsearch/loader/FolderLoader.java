package cn.docsearch.loader;

import java.io.File;
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
import java.util.concurrent.ExecutionException;
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
 * Loads a folder (and its sub-folders, zips included) into the platform through the public API: up to 20 files per
 * {@code uploadFiles} call, at most {@code concurrency} calls at once, retried after a 5xx or a broken connection (a
 * file sent twice is recognised as a duplicate, never stored twice). Files whose content an earlier run stored are
 * skipped (see {@link LoadState}).
 */
public final class FolderLoader {
    /** What the platform parses (the type is detected from the bytes; the extension only chooses what is sent). */
    static final Set<String> EXTENSIONS = Set.of("txt", "text", "md", "markdown", "html", "htm", "xhtml", "docx", "doc",
            "pdf", "rtf", "odt", "wps", "zip");
    private static final int ATTEMPTS = 5;
    private static final int FILES_PER_REQUEST = 20;
    private static final long BYTES_PER_REQUEST = 16L * 1024 * 1024;

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
    private final String collection;
    private final PrintStream progressOut;

    /** @param collection where the documents go; null for the key's first collection */
    public FolderLoader(DocumentsApi documents, int concurrency, String source, List<String> tags, String collection,
                        PrintStream progressOut) {
        this.documents = documents;
        this.concurrency = concurrency;
        this.source = source;
        this.tags = tags;
        this.collection = collection;
        this.progressOut = progressOut;
    }

    public Summary load(Path folder) throws InterruptedException {
        List<Path> files = scan(folder);
        Counts counts = new Counts();
        Progress progress = new Progress(progressOut, files.size());
        ExecutorService uploaders = Executors.newFixedThreadPool(concurrency);
        try (LoadState state = new LoadState(folder)) {
            List<Future<?>> running = new ArrayList<>();
            for (List<Path> request : requests(files)) {
                running.add(uploaders.submit(() -> {
                    send(folder, request, state, counts);
                    request.forEach(file -> progress.advance());
                    return null;
                }));
            }
            for (Future<?> upload : running) {
                upload.get();
            }
        } catch (ExecutionException | IOException e) {
            throw new IllegalStateException(e);
        } finally {
            uploaders.shutdownNow();
        }
        return new Summary(files.size(), counts.accepted.get(), counts.duplicates.get(), counts.skipped.get(),
                List.copyOf(counts.failures), progress.perSecond());
    }

    private static final class Counts {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    }

    /**
     * The files in requests of up to {@value #FILES_PER_REQUEST} files and {@value #BYTES_PER_REQUEST} bytes (the
     * platform parses a request's files on all its cores and writes them in few transactions); a zip goes alone, since
     * its results are its members'.
     */
    static List<List<Path>> requests(List<Path> files) {
        List<List<Path>> requests = new ArrayList<>();
        List<Path> current = new ArrayList<>();
        long bytes = 0;
        for (Path file : files) {
            long size = file.toFile().length();
            if (extension(file).equals("zip")) {
                requests.add(List.of(file));
                continue;
            }
            if (!current.isEmpty() && (current.size() == FILES_PER_REQUEST || bytes + size > BYTES_PER_REQUEST)) {
                requests.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(file);
            bytes += size;
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }

    /** Sends the files of one request that are not in yet, and records what became of each. */
    private void send(Path folder, List<Path> request, LoadState state, Counts counts) throws InterruptedException {
        List<Path> toSend = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (Path file : request) {
            try {
                String hash = contentHash(file);
                if (state.isStored(hash)) {
                    counts.skipped.incrementAndGet();
                } else {
                    toSend.add(file);
                    hashes.add(hash);
                }
            } catch (IOException e) {
                counts.failures.add(new Failure(folder.relativize(file).toString(), e.toString()));
            }
        }
        if (toSend.isEmpty()) {
            return;
        }
        List<BatchItem> items;
        try {
            // one file is retried under its content hash; several are recognised as duplicates when sent again
            items = upload(toSend.stream().map(Path::toFile).toList(), toSend.size() == 1 ? hashes.get(0) : null).getItems();
        } catch (ApiException e) {
            toSend.forEach(file -> counts.failures.add(new Failure(folder.relativize(file).toString(), reasonOf(e))));
            return;
        }
        boolean oneZip = toSend.size() == 1 && extension(toSend.get(0)).equals("zip");
        for (int i = 0; i < toSend.size(); i++) {
            String path = folder.relativize(toSend.get(i)).toString();
            // a zip's results are its members'; otherwise one result per file, in order
            List<BatchItem> results = oneZip ? items : i < items.size() ? List.of(items.get(i)) : List.of();
            List<String> refusals = new ArrayList<>();
            for (BatchItem item : results) {
                switch (item.getStatus()) {
                    case ACCEPTED -> counts.accepted.incrementAndGet();
                    case DUPLICATE -> counts.duplicates.incrementAndGet();
                    // the platform's reason names the file (and the member of a zip) itself
                    default -> refusals.add(item.getProblem() == null ? item.getName() + ": refused" : item.getProblem().getDetail());
                }
            }
            if (results.isEmpty()) {
                refusals.add("no result for this file");
            }
            refusals.forEach(reason -> counts.failures.add(new Failure(path, reason)));
            state.record(hashes.get(i), refusals.isEmpty() ? "stored" : "failed", path);
        }
    }

    /** Sends one request; a 5xx or a broken connection is retried. */
    private BatchReceipt upload(List<File> files, String idempotencyKey) throws ApiException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return documents.uploadFiles(files, idempotencyKey, null, source, tags, collection, null);
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
