package cn.docsearch.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Office;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.jboss.logging.Logger;

import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.ingest.document.DocumentSizeLimit;
import cn.docsearch.text.DocumentText;

/**
 * Reads a file with Apache Tika: type detected from the bytes with the file name as a hint, text and
 * its block structure through Tika's XHTML events, metadata from the file's properties. Embedded
 * documents (attachments, images) are not parsed. Every failure becomes a refusal with a reason.
 */
@ApplicationScoped
public class TikaDocumentParser {
    private static final Logger LOG = Logger.getLogger(TikaDocumentParser.class);
    private static final int BINARY_SAMPLE_BYTES = 8192;
    private static final double MAX_CONTROL_RATIO = 0.05;

    private final AutoDetectParser parser = new AutoDetectParser();
    private final Detector detector = parser.getDetector();

    /** Detects the media type from the bytes, the name helping only where the bytes are ambiguous. */
    public String detect(Path file, String fileName) throws IOException {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
            return detector.detect(in, metadata).getBaseType().toString();
        }
    }

    public ParsedDocument parse(Path file, String fileName, String mediaType, int maxChars) {
        try {
            if (!SupportedTypes.isDocument(mediaType)) {
                throw new DocumentRefusedException(415, "unsupported-type", "the content is " + mediaType
                        + ", which is not supported; supported: " + SupportedTypes.described());
            }
            if (SupportedTypes.isText(mediaType) && looksBinary(file)) {
                throw new DocumentRefusedException(415, "unsupported-type",
                        "the content is binary, not text, whatever its name says");
            }
            Metadata metadata = new Metadata();
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
            metadata.set(Metadata.CONTENT_TYPE, mediaType);
            BlockCollector blocks = new BlockCollector(maxChars);
            try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
                parser.parse(in, blocks, metadata, parseContext());
            }
            return toDocument(blocks, metadata, fileName, mediaType);
        } catch (DocumentRefusedException e) {
            throw e;
        } catch (Exception e) {
            throw refusal(e, mediaType, maxChars);
        }
    }

    private static ParseContext parseContext() {
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setExtractBookmarksText(false); // the outline repeats the headings after the text
        OfficeParserConfig office = new OfficeParserConfig();
        office.setUseSAXDocxExtractor(true); // streams the XML instead of building POI's object model: faster, less memory
        office.setUseSAXPptxExtractor(true);
        ParseContext context = new ParseContext();
        context.set(PDFParserConfig.class, pdf);
        context.set(OfficeParserConfig.class, office);
        return context;
    }

    private static ParsedDocument toDocument(BlockCollector blocks, Metadata metadata, String fileName, String mediaType) {
        boolean wrappedLines = "application/pdf".equals(mediaType);
        DocumentStructure structure = ChineseStructure.recover(blocks.blocks(), wrappedLines);
        Integer pages = Optional.ofNullable(metadata.getInt(PagedText.N_PAGES)).orElse(metadata.getInt(Office.PAGE_COUNT));
        if (!DocumentText.hasText(structure.body())) {
            if (blocks.removedCharacters()) {
                throw DocumentRefusedException.onlyInvisibleCharacters();
            }
            if (wrappedLines && pages != null && pages > 0) {
                throw new DocumentRefusedException(422, "no-text-layer", "the PDF has " + pages
                        + " page(s) but no text layer (a scan?); text recognition (OCR) is not supported");
            }
            throw new DocumentRefusedException(422, "no-text", "the file contains no text");
        }
        // the file's properties are text of the document too: the same rule as its blocks
        String title = firstNonBlank(usableTitle(DocumentText.clean(metadata.get(TikaCoreProperties.TITLE)), fileName),
                structure.leadingLine(), DocumentText.clean(baseName(fileName)));
        String date = Optional.ofNullable(metadata.getDate(TikaCoreProperties.CREATED))
                .map(TikaDocumentParser::toLocalDate)
                .or(() -> DocumentDates.find(structure.body()))
                .map(LocalDate::toString).orElse(null);
        return new ParsedDocument(title, structure.body(), structure.sections(),
                textOrNull(metadata.get(TikaCoreProperties.CREATOR)), date, mediaType,
                metadata.get(Metadata.CONTENT_ENCODING), pages);
    }

    private static DocumentRefusedException refusal(Exception e, String mediaType, int maxChars) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BlockCollector.TextLimitReachedException) {
                return DocumentSizeLimit.textOverLimit(maxChars);
            }
            if (cause instanceof EncryptedDocumentException) {
                return new DocumentRefusedException(422, "encrypted-document",
                        "the document is encrypted or password-protected; upload an unprotected copy");
            }
            if (cause instanceof ZeroByteFileException) {
                return new DocumentRefusedException(400, "empty-file", "the file is empty (0 bytes)");
            }
        }
        // Tika's message names its parser classes ("TIKA-198: Illegal IOException from ...PDFParser@40d077b1"): it is
        // for the log, the caller is told what is wrong with the file in its own terms
        LOG.infof("A file could not be parsed as %s: %s", mediaType, e);
        String format = SupportedTypes.formatName(mediaType);
        return new DocumentRefusedException(422, "unparseable-document", "the file could not be read as " + format
                + ": it is damaged, truncated or not " + SupportedTypes.withArticle(format) + " file");
    }

    /** NUL bytes or many control characters in the first bytes: binary content, even if named .txt. */
    private static boolean looksBinary(Path file) throws IOException {
        byte[] sample;
        try (InputStream in = Files.newInputStream(file)) {
            sample = in.readNBytes(BINARY_SAMPLE_BYTES);
        }
        boolean utf16Bom = sample.length >= 2
                && ((sample[0] == (byte) 0xFE && sample[1] == (byte) 0xFF) || (sample[0] == (byte) 0xFF && sample[1] == (byte) 0xFE));
        if (utf16Bom) {
            return false;
        }
        int control = 0;
        for (byte b : sample) {
            if (b == 0) {
                return true;
            }
            if (b > 0 && b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1B) {
                control++;
            }
        }
        return sample.length > 0 && control > sample.length * MAX_CONTROL_RATIO;
    }

    /** A title from the file's properties, unless it is a tool's placeholder or just the file name. */
    private static String usableTitle(String title, String fileName) {
        if (title == null || title.isBlank()) {
            return null;
        }
        String lower = title.strip().toLowerCase(Locale.ROOT);
        if (lower.equals("untitled") || lower.startsWith("microsoft word - ") || lower.equals(baseName(fileName).toLowerCase(Locale.ROOT))) {
            return null;
        }
        return title.strip();
    }

    private static String baseName(String fileName) {
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (DocumentText.hasText(value)) {
                return value;
            }
        }
        return null;
    }

    private static String textOrNull(String value) {
        String clean = DocumentText.clean(value);
        return DocumentText.hasText(clean) ? clean.strip() : null;
    }

    private static LocalDate toLocalDate(Date date) {
        return date.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
    }
}
