package cn.docsearch.ingest.rest;

import java.nio.charset.StandardCharsets;

/**
 * The Content-Disposition of a download under its original file name: {@code filename*} in UTF-8 (RFC 6266 with RFC
 * 5987's encoding), which every current browser reads, so 会议纪要.docx keeps its name; and a plain {@code filename}
 * beside it for clients that only read that one, with the characters it cannot carry replaced by {@code _}.
 */
final class ContentDisposition {
    /** RFC 5987's attr-char besides letters and digits: everything else is percent-encoded. */
    private static final String ATTR_CHAR_MARKS = "!#$&+-.^_`|~";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ContentDisposition() {
    }

    static String attachment(String fileName) {
        return "attachment; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + encoded(fileName);
    }

    private static String asciiFallback(String fileName) {
        StringBuilder fallback = new StringBuilder();
        fileName.codePoints().forEach(c -> fallback.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        return fallback.toString();
    }

    private static String encoded(String fileName) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || ATTR_CHAR_MARKS.indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return encoded.toString();
    }
}
