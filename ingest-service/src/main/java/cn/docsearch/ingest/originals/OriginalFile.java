package cn.docsearch.ingest.originals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An uploaded file as its document keeps it: the name its client gave it, the type detected from its bytes, its size
 * and SHA-256, and where its bytes are until its document's writer has published them ({@code file}: a local path,
 * never sent to another instance; a forwarded write carries the bytes instead).
 */
public record OriginalFile(String fileName, String contentType, long size, String sha256, @JsonIgnore Path file) {

    /**
     * The file at {@code path} as its document's original.
     *
     * @param uploadedName the name it was uploaded under; a zip's member is {@code archive.zip/folder/name} and keeps
     *                     its own name only
     * @param encoding     the text encoding detected, given with a text type so that a browser shows it right
     */
    public static OriginalFile of(Path path, String uploadedName, String contentType, String encoding) {
        String type = encoding != null && contentType.startsWith("text/") && !contentType.contains("charset")
                ? contentType + "; charset=" + encoding : contentType;
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
            String hash = HexFormat.of().formatHex(digest.digest());
            return new OriginalFile(uploadedName.substring(uploadedName.lastIndexOf('/') + 1), type, Files.size(path),
                    hash, path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same file with its bytes at another place (a forwarded write's bytes, written to a file of this instance). */
    public OriginalFile at(Path path) {
        return new OriginalFile(fileName, contentType, size, sha256, path);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
