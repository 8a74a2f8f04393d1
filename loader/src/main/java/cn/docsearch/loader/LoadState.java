package cn.docsearch.loader;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What earlier runs on a folder stored, kept in the folder as {@value #FILE_NAME} (one line per file: content hash,
 * outcome, path): a run that was stopped, or a later run on a folder that grew, skips every file whose content is
 * already in. Each line is written as soon as the platform has answered for its file, so a kill loses at most the
 * files in flight, which are sent again (and recognised as duplicates).
 */
final class LoadState implements AutoCloseable {
    static final String FILE_NAME = ".docsearch-load.tsv";

    private final Set<String> stored = new HashSet<>();
    private final BufferedWriter log;

    LoadState(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] fields = line.split("\t", 3);
                    if (fields.length == 3 && !fields[1].equals("failed")) {
                        stored.add(fields[0]);
                    }
                }
            }
            log = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the load state in " + file, e);
        }
    }

    synchronized boolean isStored(String contentHash) {
        return stored.contains(contentHash);
    }

    /** Records the file's outcome: {@code stored} (accepted or already there) or {@code failed} (tried again next run). */
    synchronized void record(String contentHash, String outcome, String path) {
        if (!outcome.equals("failed")) {
            stored.add(contentHash);
        }
        try {
            log.write(String.join("\t", List.of(contentHash, outcome, path)));
            log.newLine();
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        log.close();
    }
}
