package cn.docsearch.text;

/**
 * Which characters of a document or a query are text. One rule, applied by ingest-service at the door, by
 * search-service to every event it reads (an older event, or one written to the topic by someone else) and to every
 * query, so that no stage meets a text it cannot handle:
 * <ul>
 *     <li>removed anywhere: control characters other than tab, line feed and carriage return (NUL, C0, DEL, C1),
 *     unpaired surrogates, the noncharacters U+FFFE and U+FFFF, and format characters (zero-width space, the byte
 *     order mark U+FEFF, direction marks and embeddings, soft hyphen, tag characters ...);</li>
 *     <li>kept: a zero-width joiner or non-joiner (U+200D, U+200C) between two characters that carry text, where it
 *     shapes them (emoji sequences, some scripts); at an edge, or beside a space, it is removed as well.</li>
 * </ul>
 * A text {@linkplain #hasText has text} when, once cleaned, some character is not white space, a combining mark or
 * the replacement character U+FFFD (what a tokenizer drops: a text of only those gives it nothing to read).
 */
public final class DocumentText {
    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int REPLACEMENT_CHARACTER = 0xFFFD;

    private DocumentText() {
    }

    /** The text without the characters the rule removes; the same instance when there are none, null for null. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        int first = firstRemoved(text);
        if (first < 0) {
            return text;
        }
        StringBuilder cleaned = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            if (!removed(text, i, codePoint, next)) {
                cleaned.appendCodePoint(codePoint);
            }
            i = next;
        }
        return cleaned.toString();
    }

    /** Whether the text, cleaned, holds a character that carries text. */
    public static boolean hasText(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (carriesText(codePoint)) {
                return true;
            }
            i += Character.charCount(codePoint);
        }
        return false;
    }

    private static int firstRemoved(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            if (removed(text, i, codePoint, next)) {
                return i;
            }
            i = next;
        }
        return -1;
    }

    private static boolean removed(String text, int at, int codePoint, int next) {
        if (codePoint == ZERO_WIDTH_JOINER || codePoint == ZERO_WIDTH_NON_JOINER) {
            return !(at > 0 && carriesText(text.codePointBefore(at)) && next < text.length()
                    && carriesText(text.codePointAt(next)));
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL -> codePoint != '\t' && codePoint != '\n' && codePoint != '\r';
            case Character.FORMAT, Character.SURROGATE -> true;
            default -> codePoint == 0xFFFE || codePoint == 0xFFFF;
        };
    }

    /** A character that is text on its own: not white space, not removed, not a mark that only modifies another. */
    private static boolean carriesText(int codePoint) {
        if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || codePoint == REPLACEMENT_CHARACTER
                || codePoint == 0xFFFE || codePoint == 0xFFFF) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> false;
            default -> true;
        };
    }
}
