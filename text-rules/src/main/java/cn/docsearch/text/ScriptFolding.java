package cn.docsearch.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Traditional Chinese characters folded to simplified ones, so that a text in either script matches a query in the
 * other: 鄉村振興 and 乡村振兴 fold to the same characters. Character for character, one UTF-16 unit for one, so a
 * folded text keeps every offset of the original (highlights mark the original characters). The table is OpenCC's
 * TSCharacters (as packaged in opencc4j); where it offers several simplified forms, the first is OpenCC's choice
 * (乾 stays 乾, 於 becomes 于). Characters outside the Basic Multilingual Plane, and mappings that would change a
 * text's length, are left as they are.
 */
public final class ScriptFolding {
    private static final String TABLE = "/data/dictionary/TSCharacters.txt";
    private static final char[] SIMPLIFIED = load();

    private ScriptFolding() {
    }

    /** The simplified form of a character, or the character itself. */
    public static char fold(char c) {
        return SIMPLIFIED[c];
    }

    /** The text with every traditional character replaced by its simplified form; same length, same offsets. */
    public static String toSimplified(String text) {
        char[] chars = text.toCharArray();
        boolean changed = false;
        for (int i = 0; i < chars.length; i++) {
            char folded = SIMPLIFIED[chars[i]];
            changed |= folded != chars[i];
            chars[i] = folded;
        }
        return changed ? new String(chars) : text;
    }

    /** Folds {@code length} characters of a buffer in place (for a reader that folds as it reads). */
    public static void foldInPlace(char[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            buffer[i] = SIMPLIFIED[buffer[i]];
        }
    }

    private static char[] load() {
        char[] table = new char[Character.MAX_VALUE + 1];
        for (int c = 0; c < table.length; c++) {
            table[c] = (char) c;
        }
        try (InputStream in = ScriptFolding.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException("OpenCC's table " + TABLE + " is not on the class path");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int tab = line.indexOf('\t');
                if (tab != 1 || line.length() < 3) {
                    continue; // a supplementary character (two units) or not an entry
                }
                char simplified = line.charAt(2);
                boolean single = line.length() == 3 || line.charAt(3) == ' ';
                if (single && !Character.isSurrogate(simplified)) {
                    table[line.charAt(0)] = simplified;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
