package cn.docsearch.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.jboss.logging.Logger;

import cn.docsearch.ingest.document.DocumentRefusedException;

/**
 * Expands a zip of documents into temporary files, refusing the whole archive when it looks hostile:
 * too many members, a member or the total expanding past the bounds (counted while copying, never
 * trusting the sizes the archive declares), an extreme compression ratio, or a member name that tries
 * to leave the archive (../, absolute paths).
 */
public final class ZipExpander {
    private static final Logger LOG = Logger.getLogger(ZipExpander.class);
    private static final long RATIO_CHECK_FROM_BYTES = 1024 * 1024;
    private static final Pattern UNSAFE_NAME = Pattern.compile("(^|[/\\\\])\\.\\.([/\\\\]|$)|^[/\\\\]|^[A-Za-z]:");

    public record Limits(int maxEntries, long maxMemberBytes, long maxExpandedBytes, int maxCompressionRatio) {
    }

    /** A member taken out of the archive: its name in the archive and where its bytes now are. */
    public record Member(String name, Path file) {
    }

    private ZipExpander() {
    }

    public static List<Member> expand(Path zip, Path workDir, Limits limits) {
        List<Member> members = new ArrayList<>();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            if (archive.size() > limits.maxEntries()) {
                throw new DocumentRefusedException(413, "archive-too-large", "the archive has " + archive.size()
                        + " entries; the limit is " + limits.maxEntries());
            }
            long expanded = 0;
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (UNSAFE_NAME.matcher(name).find()) {
                    throw new DocumentRefusedException(400, "unsafe-archive-entry", "the archive contains the entry '" + name
                            + "', which points outside the archive; nothing from it was accepted");
                }
                if (entry.isDirectory() || isJunk(name)) {
                    continue;
                }
                Path file = Files.createTempFile(workDir, "member", ".bin");
                long size = copyBounded(archive, entry, file, limits.maxMemberBytes(), limits.maxExpandedBytes() - expanded);
                expanded += size;
                long compressed = entry.getCompressedSize();
                if (size > RATIO_CHECK_FROM_BYTES && compressed > 0 && size / compressed > limits.maxCompressionRatio()) {
                    throw bomb("'" + name + "' expands " + (size / compressed) + " times; the limit is "
                            + limits.maxCompressionRatio());
                }
                members.add(new Member(name, file));
            }
            return members;
        } catch (ZipException e) {
            // the JDK's message ("invalid CEN header ...") is for the log; the caller is told in its own terms
            LOG.infof("A zip archive could not be read: %s", e);
            throw new DocumentRefusedException(422, "unparseable-document",
                    "the file could not be read as a zip archive: it is damaged, truncated or not a zip archive");
        } catch (IOException e) {
            // may name a work folder of this service: logged, not told
            LOG.warnf("A zip archive could not be expanded: %s", e);
            throw new DocumentRefusedException(422, "unparseable-document", "the archive could not be expanded");
        }
    }

    private static long copyBounded(ZipFile archive, ZipEntry entry, Path target, long maxMember, long maxRemaining)
            throws IOException {
        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = archive.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
            for (int read; (read = in.read(buffer)) != -1; ) {
                copied += read;
                if (copied > maxMember) {
                    throw bomb("'" + entry.getName() + "' expands past the per-file limit of " + maxMember + " bytes");
                }
                if (copied > maxRemaining) {
                    throw bomb("its members expand past the limit for one archive");
                }
                out.write(buffer, 0, read);
            }
        }
        return copied;
    }

    private static DocumentRefusedException bomb(String why) {
        return new DocumentRefusedException(413, "archive-too-large", "refused as a possible zip bomb: "
                + why + "; nothing from it was accepted");
    }

    /** Folders and metadata that archivers add: macOS resource forks, hidden files. */
    private static boolean isJunk(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || base.startsWith(".") || base.equalsIgnoreCase("Thumbs.db");
    }
}
