package cn.docsearch.search.index;

import cn.docsearch.text.ScriptFolding;

/**
 * A 64-bit SimHash of a text's character trigrams (letters and digits, traditional characters folded to simplified), written with each document: two texts that
 * differ by a few words, a title line or their punctuation lie a few bits apart, texts on the same theme 20-30.
 * Search folds the hits of one page that lie {@link #NEAR_IDENTICAL_BITS} bits apart or less. A text shorter than
 * {@link #MIN_LETTERS} letters gets none: two texts sharing seven tenths of their letters lie that close about one
 * time in eight (TextFingerprintTest). In a report that is a copy with a paragraph changed; in a short notice it can be
 * one shared project name. An exact copy of a short text is still recognised, as a duplicate at ingest.
 */
public final class TextFingerprint {
    /**
     * Calibrated in TextFingerprintTest: a 220-character report lies 7 bits from itself with a title line on top or one
     * phrase changed (SimHash moves about 8 bits for a tenth of its trigrams changed), 25 from a report on the same
     * theme; two unrelated fingerprints lie within 12 bits once in millions.
     */
    public static final int NEAR_IDENTICAL_BITS = 12;
    public static final int MIN_LETTERS = 100;
    private static final int SHINGLE = 3;

    private TextFingerprint() {
    }

    /** @return the text's fingerprint, or null when it has fewer than {@link #MIN_LETTERS} letters and digits */
    public static Long of(String text) {
        int[] letters = ScriptFolding.toSimplified(text).codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).toArray();
        if (letters.length < MIN_LETTERS) {
            return null;
        }
        int[] weights = new int[Long.SIZE];
        for (int i = 0; i + SHINGLE <= letters.length; i++) {
            long hash = 0x9E3779B97F4A7C15L;
            for (int j = i; j < i + SHINGLE; j++) {
                hash = mix(hash ^ letters[j]);
            }
            for (int bit = 0; bit < Long.SIZE; bit++) {
                weights[bit] += ((hash >>> bit) & 1) == 1 ? 1 : -1;
            }
        }
        long fingerprint = 0;
        for (int bit = 0; bit < Long.SIZE; bit++) {
            if (weights[bit] > 0) {
                fingerprint |= 1L << bit;
            }
        }
        return fingerprint;
    }

    public static boolean nearIdentical(long a, long b) {
        return Long.bitCount(a ^ b) <= NEAR_IDENTICAL_BITS;
    }

    /** SplitMix64's finaliser: every input bit moves about half of the output bits. */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
