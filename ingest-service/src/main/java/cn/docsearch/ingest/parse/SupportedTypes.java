package cn.docsearch.ingest.parse;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the platform reads, by detected media type (never by the name or declared type alone). */
public final class SupportedTypes {
    private static final Map<String, String> DOCUMENTS = new TreeMap<>(Map.ofEntries(
            Map.entry("text/plain", "txt"),
            Map.entry("text/markdown", "md"),
            Map.entry("text/x-web-markdown", "md"),
            Map.entry("text/html", "html"),
            Map.entry("application/xhtml+xml", "xhtml"),
            Map.entry("application/pdf", "pdf"),
            Map.entry("application/msword", "doc"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Map.entry("application/vnd.oasis.opendocument.text", "odt"),
            Map.entry("application/rtf", "rtf"),
            Map.entry("application/epub+zip", "epub")));

    public static final String ZIP = "application/zip";

    private SupportedTypes() {
    }

    public static boolean isDocument(String mediaType) {
        return DOCUMENTS.containsKey(mediaType);
    }

    public static boolean isText(String mediaType) {
        return mediaType.startsWith("text/");
    }

    /** The format as a person names it (PDF, DOCX, TXT ...), for reasons given to the caller; never a class name. */
    public static String formatName(String mediaType) {
        String extension = DOCUMENTS.get(mediaType);
        return extension != null ? extension.toUpperCase(Locale.ROOT) : mediaType;
    }

    /** "a PDF", "an XLSX", "an EPUB": the format name read aloud decides the article. */
    static String withArticle(String formatName) {
        return ("AEFHILMNORSX".indexOf(formatName.charAt(0)) >= 0 ? "an " : "a ") + formatName;
    }

    public static String described() {
        return String.join(", ", new java.util.TreeSet<>(DOCUMENTS.values())) + ", and zip archives of these";
    }
}
