package cn.docsearch.search.dictionary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What administrators add to IK's dictionary, in one version: extension words and stopwords (applied to an index
 * when it is built, so a change needs a rebuild) and synonym rules (applied to searches at once). Version 0 is the
 * empty dictionary a platform starts with.
 *
 * @param synonyms Solr-format rules: {@code 乡村振兴, 农村发展} (each finds the others) or {@code 土豆 => 马铃薯}
 */
public record Dictionary(long version, List<String> extensionWords, List<String> stopwords, List<String> synonyms,
                         Instant updatedAt) {
    public static final int MAX_WORDS = 10_000;
    public static final int MAX_STOPWORDS = 2_000;
    public static final int MAX_SYNONYM_RULES = 2_000;
    public static final int MAX_TERM_CHARS = 32;
    public static final int MAX_TERMS_PER_RULE = 20;
    private static final Pattern NOT_IN_A_TERM = Pattern.compile("[\\s\\p{Cntrl}\\p{Cs}\\p{Cn},\\\\#=>]");

    public static final Dictionary EMPTY = new Dictionary(0, List.of(), List.of(), List.of(), null);

    public Dictionary {
        extensionWords = List.copyOf(extensionWords);
        stopwords = List.copyOf(stopwords);
        synonyms = List.copyOf(synonyms);
    }

    /**
     * The next version with these lists, checked and tidied (terms stripped, duplicates and empty lines dropped); a
     * null list stays as it is in this version.
     *
     * @throws InvalidDictionaryException naming the first term or rule that cannot be taken, or a list too long
     */
    public Dictionary next(List<String> words, List<String> stops, List<String> rules, Instant now) {
        List<String> checkedWords = terms("extensionWords", words == null ? extensionWords : words, MAX_WORDS);
        List<String> checkedStops = terms("stopwords", stops == null ? stopwords : stops, MAX_STOPWORDS);
        Set<String> checkedRules = new LinkedHashSet<>();
        for (String rule : distinct(rules == null ? synonyms : rules)) {
            checkedRules.add(rule(rule));
        }
        if (checkedRules.size() > MAX_SYNONYM_RULES) {
            throw new InvalidDictionaryException("synonyms: " + checkedRules.size() + " rules, at most " + MAX_SYNONYM_RULES);
        }
        return new Dictionary(version + 1, checkedWords, checkedStops, List.copyOf(checkedRules), now);
    }

    /**
     * A short digest of what an index built with this dictionary depends on (words and stopwords, in any order):
     * two dictionaries with the same digest build the same index.
     */
    public String indexTimeDigest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join("\n", new TreeSet<>(extensionWords)).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.join("\n", new TreeSet<>(stopwords)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> terms(String field, List<String> terms, int max) {
        List<String> checked = distinct(terms);
        if (checked.size() > max) {
            throw new InvalidDictionaryException(field + ": " + checked.size() + " terms, at most " + max);
        }
        checked.forEach(term -> term(field, term));
        return checked;
    }

    private static String term(String where, String term) {
        if (term.length() > MAX_TERM_CHARS) {
            throw new InvalidDictionaryException(where + ": '" + term + "' is longer than " + MAX_TERM_CHARS + " characters");
        }
        if (NOT_IN_A_TERM.matcher(term).find()) {
            throw new InvalidDictionaryException(where + ": '" + term
                    + "' holds a space, a control character, or one of , \\ # = > (which separate terms in synonym rules)");
        }
        return term;
    }

    /** A rule with its terms tidied: "a, b, c" or "a, b => c". */
    private static String rule(String rule) {
        String[] sides = rule.split("=>", -1);
        if (sides.length > 2) {
            throw new InvalidDictionaryException("synonyms: '" + rule + "' has more than one =>");
        }
        List<String> tidied = new ArrayList<>();
        int count = 0;
        for (String side : sides) {
            List<String> sideTerms = new ArrayList<>();
            for (String term : side.split(",", -1)) {
                String stripped = term.strip();
                if (stripped.isEmpty()) {
                    throw new InvalidDictionaryException("synonyms: '" + rule + "' has an empty term");
                }
                sideTerms.add(term("synonyms", stripped));
            }
            count += sideTerms.size();
            tidied.add(String.join(", ", sideTerms));
        }
        if (sides.length == 1 && count < 2) {
            throw new InvalidDictionaryException("synonyms: '" + rule + "' names one term; give two or more, or a => b");
        }
        if (count > MAX_TERMS_PER_RULE) {
            throw new InvalidDictionaryException("synonyms: '" + rule + "' has " + count + " terms, at most " + MAX_TERMS_PER_RULE);
        }
        return String.join(" => ", tidied);
    }

    private static List<String> distinct(List<String> values) {
        Set<String> kept = new LinkedHashSet<>();
        if (values != null) {
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    kept.add(value.strip());
                }
            }
        }
        return List.copyOf(kept);
    }
}
