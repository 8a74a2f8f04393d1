package cn.docsearch.search.suggest;

import java.util.List;

import cn.docsearch.text.PrefixFolding;

/**
 * "Did you mean": the words of a title that sound like what was typed. Chinese typed with a pinyin input method goes
 * wrong by homophones (乡村振心 for 乡村振兴), and pinyin or initials typed without converting them (xiangcunzhenxing,
 * xczx) are words too; both are looked up in titles by their reading.
 */
final class Homophones {
    /**
     * Characters of a typed query of {@value #LONG_QUERY} or more that may sound different from the words proposed; a
     * shorter one must sound the same throughout.
     */
    private static final int MAX_DIFFERENT = 1;
    private static final int LONG_QUERY = 4;
    private static final int MAX_LATIN_WORD_CHARS = 12;

    private Homophones() {
    }

    /**
     * @param typed what was typed, {@link PrefixFolding#fold}
     * @return the words of the title that read as the typed text does, or null when none does or they are the typed
     *         text itself
     */
    static String in(String title, String typed) {
        String text = PrefixFolding.fold(title);
        if (Pinyin.isLatin(typed)) {
            for (int length = 1; length <= Math.min(MAX_LATIN_WORD_CHARS, text.length()); length++) {
                for (int start = 0; start + length <= text.length(); start++) {
                    String words = text.substring(start, start + length);
                    if (!Pinyin.isLatin(words)
                            && (Pinyin.fullForms(words).contains(typed) || Pinyin.initialsForms(words).contains(typed))) {
                        return words;
                    }
                }
            }
            return null;
        }
        List<List<String>> wanted = Pinyin.readings(typed);
        String best = null;
        int bestDifferent = (wanted.size() >= LONG_QUERY ? MAX_DIFFERENT : 0) + 1;
        for (int start = 0; start + wanted.size() <= text.length(); start++) {
            String words = text.substring(start, start + wanted.size());
            List<List<String>> read = Pinyin.readings(words);
            int different = 0;
            for (int i = 0; i < wanted.size(); i++) {
                different += soundAlike(read.get(i), wanted.get(i)) ? 0 : 1;
            }
            if (different < bestDifferent && !words.equals(typed)) {
                best = words;
                bestDifferent = different;
            }
        }
        return best;
    }

    /**
     * Whether two syllables sound alike to many speakers, as pinyin input methods' fuzzy sounds allow: zh/z, ch/c, sh/s,
     * and the nasal finals -ng/-n (兴/心, 征/真).
     */
    static boolean soundAlike(String a, String b) {
        return plain(a).equals(plain(b));
    }

    /** Whether some reading of one character sounds like some reading of the other. */
    private static boolean soundAlike(List<String> readings, List<String> others) {
        return readings.stream().anyMatch(a -> others.stream().anyMatch(b -> soundAlike(a, b)));
    }

    private static String plain(String syllable) {
        String initial = syllable.replaceFirst("^([zcs])h", "$1");
        return initial.endsWith("ng") && initial.length() > 2 ? initial.substring(0, initial.length() - 1) : initial;
    }
}
