package cn.docsearch.bench.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.parse.Fixtures;
import cn.docsearch.ingest.parse.ParsedDocument;
import cn.docsearch.ingest.parse.TikaDocumentParser;

/**
 * Parse throughput (MB of input per second) and peak heap for txt, docx and pdf, and a 50 MB upload
 * under the service's real text limit. Prints figures, asserts nothing. Run: bench/parse-bench.sh
 */
public final class ParseBenchmark {
    private static final int WARM_UP_ROUNDS = 2;
    private static final int MEASURED_ROUNDS = 3;
    private static final int UNLIMITED = Integer.MAX_VALUE;
    private static final int SERVICE_LIMIT_CHARS = 2_000_000;

    private ParseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("parse-bench");
        TikaDocumentParser parser = new TikaDocumentParser();
        System.out.printf("heap limit: %d MiB%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        measure(parser, write(dir, "report.txt", largeText(10 * 1024 * 1024)), "txt (UTF-8)", UNLIMITED);
        measure(parser, write(dir, "report-gbk.txt", new String(largeText(10 * 1024 * 1024), StandardCharsets.UTF_8)
                .getBytes("GBK")), "txt (GBK)", UNLIMITED);
        measure(parser, write(dir, "report.docx", largeDocx(20_000)), "docx", UNLIMITED);
        measure(parser, write(dir, "report.pdf", largePdf(150)), "pdf (150 merged 2-page reports)", UNLIMITED);
        measure(parser, write(dir, "upload-50mb.txt", largeText(50 * 1024 * 1024)), "txt 50 MB upload (2M-char limit)",
                SERVICE_LIMIT_CHARS);
    }

    private static void measure(TikaDocumentParser parser, Path file, String label, int limit) throws IOException {
        String type = parser.detect(file, file.getFileName().toString());
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            parseOnce(parser, file, type, limit);
        }
        double seconds = 0;
        long peak = 0;
        String outcome = "";
        for (int i = 0; i < MEASURED_ROUNDS; i++) {
            System.gc();
            resetPeaks();
            long start = System.nanoTime();
            outcome = parseOnce(parser, file, type, limit);
            seconds += (System.nanoTime() - start) / 1e9;
            peak = Math.max(peak, peakHeapBytes());
        }
        double megabytes = Files.size(file) / (1024.0 * 1024.0);
        System.out.printf("%-36s %7.1f MB  %7.1f MB/s  peak heap %5d MiB  (%s)%n", label, megabytes,
                megabytes * MEASURED_ROUNDS / seconds, peak / (1024 * 1024), outcome);
    }

    private static String parseOnce(TikaDocumentParser parser, Path file, String type, int limit) {
        try {
            long start = System.nanoTime();
            ParsedDocument document = parser.parse(file, file.getFileName().toString(), type, limit);
            double seconds = (System.nanoTime() - start) / 1e9;
            return String.format("%d chars, %.0f chars/s, %s sections%s", document.body().length(),
                    document.body().length() / seconds, document.sections().size(),
                    document.pageCount() == null ? "" : String.format(", %.0f pages/s", document.pageCount() / seconds));
        } catch (DocumentRefusedException e) {
            return "refused " + e.status() + " while parsing: " + e.getMessage();
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** A long report: the sample speech repeated with numbered headings, to about this many bytes of UTF-8. */
    private static byte[] largeText(int bytes) {
        StringBuilder text = new StringBuilder();
        for (int part = 1; text.length() * 3 < bytes; part++) {
            text.append("第").append(part).append("部分 工作情况\n").append(Fixtures.SPEECH).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Paragraphs of characters drawn at random from the sample texts: compresses like real prose, not like a repeat. */
    private static byte[] largeDocx(int paragraphs) throws IOException {
        String pool = Fixtures.SPEECH.replaceAll("\\s", "");
        java.util.Random random = new java.util.Random(42);
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < paragraphs; i++) {
                StringBuilder paragraph = new StringBuilder();
                for (int c = 0; c < 80; c++) {
                    paragraph.append(pool.charAt(random.nextInt(pool.length())));
                }
                document.createParagraph().createRun().setText(i % 20 == 0 ? (i / 20 + 1) + "、重点工作" : paragraph.append('。').toString());
            }
            document.write(out);
            return out.toByteArray();
        }
    }

    /**
     * The Chinese PDF fixture merged with itself: each copy loaded separately keeps its own embedded font,
     * as when many separately produced reports are merged into one file.
     */
    private static byte[] largePdf(int copies) throws IOException {
        byte[] fixture = Fixtures.resource("report.pdf");
        java.util.List<PDDocument> sources = new java.util.ArrayList<>();
        try (PDDocument target = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < copies; i++) {
                PDDocument source = Loader.loadPDF(fixture);
                sources.add(source);
                for (var page : source.getPages()) {
                    target.importPage(page);
                }
            }
            target.save(out);
            return out.toByteArray();
        } finally {
            for (PDDocument source : sources) {
                source.close();
            }
        }
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
