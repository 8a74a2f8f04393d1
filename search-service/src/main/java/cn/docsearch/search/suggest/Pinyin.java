package cn.docsearch.search.suggest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

/**
 * Readings of characters as people type them: lower case, no tones, ü as v; anything that is not a Chinese character
 * reads as itself, lower case. pinyin4j knows every reading of a character but not which one a word takes (重庆 is
 * chongqing, 重要 zhongyao), so a text reads as its characters' first readings and, besides, as the forms where one
 * character takes another of its readings ({@value #MAX_FORMS} forms at most).
 */
public final class Pinyin {
    static final int MAX_FORMS = 4;
    private static final HanyuPinyinOutputFormat FORMAT = new HanyuPinyinOutputFormat();
    /**
     * Each Chinese character's readings, once looked up: pinyin4j compiles several regular expressions per lookup, and
     * every indexed title is read suffix by suffix. At most the BMP's Han characters (about 28,000), a few MB.
     */
    private static final Map<Character, List<String>> HAN_READINGS = new ConcurrentHashMap<>();

    static {
        FORMAT.setCaseType(HanyuPinyinCaseType.LOWERCASE);
        FORMAT.setToneType(HanyuPinyinToneType.WITHOUT_TONE);
        FORMAT.setVCharType(HanyuPinyinVCharType.WITH_V);
    }

    private Pinyin() {
    }

    /** The readings of each character of the text (letters and digits only; the rest is left out), most common first. */
    static List<List<String>> readings(String text) {
        List<List<String>> readings = new ArrayList<>(text.length());
        text.codePoints().filter(Character::isLetterOrDigit).forEach(c -> readings.add(readings(c)));
        return readings;
    }

    /** The text's first reading, syllables joined. */
    public static String full(String text) {
        return fullForms(text).get(0);
    }

    /** The initials of the text's first reading. */
    public static String initials(String text) {
        return initialsForms(text).get(0);
    }

    /** The first reading, then those where one character reads otherwise; syllables joined. */
    static List<String> fullForms(String text) {
        return forms(text, syllable -> syllable);
    }

    static List<String> initialsForms(String text) {
        return forms(text, syllable -> syllable.substring(0, 1));
    }

    /** Whether the text is typed in Latin letters (pinyin, initials or a foreign word): it has no Chinese character. */
    static boolean isLatin(String text) {
        return text.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    private static List<String> forms(String text, Function<String, String> part) {
        List<List<String>> readings = readings(text);
        Set<String> forms = new LinkedHashSet<>();
        forms.add(joined(readings, -1, null, part));
        for (int i = 0; i < readings.size() && forms.size() < MAX_FORMS; i++) {
            for (String other : readings.get(i).subList(1, readings.get(i).size())) {
                if (forms.size() < MAX_FORMS) {
                    forms.add(joined(readings, i, other, part));
                }
            }
        }
        return List.copyOf(forms);
    }

    private static String joined(List<List<String>> readings, int replaced, String replacement,
                                 Function<String, String> part) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < readings.size(); i++) {
            joined.append(part.apply(i == replaced ? replacement : readings.get(i).get(0)));
        }
        return joined.toString();
    }

    private static List<String> readings(int codePoint) {
        if (Character.isBmpCodePoint(codePoint) && Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN) {
            List<String> readings = HAN_READINGS.computeIfAbsent((char) codePoint, Pinyin::hanReadings);
            if (!readings.isEmpty()) {
                return readings;
            }
        }
        return List.of(new String(Character.toChars(Character.toLowerCase(codePoint))));
    }

    /** pinyin4j's readings of the character, without tones (several readings then one); empty if it knows none. */
    private static List<String> hanReadings(char han) {
        try {
            String[] readings = PinyinHelper.toHanyuPinyinStringArray(han, FORMAT);
            return readings == null ? List.of() : List.copyOf(new LinkedHashSet<>(List.of(readings)));
        } catch (BadHanyuPinyinOutputFormatCombination e) {
            throw new IllegalStateException("pinyin format", e);
        }
    }
}
