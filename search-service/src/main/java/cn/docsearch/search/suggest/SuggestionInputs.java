package cn.docsearch.search.suggest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import cn.docsearch.search.index.CompletionInput;
import cn.docsearch.text.PrefixFolding;

/**
 * What a document offers to the suggestions (completion fields of documents-index.json), written with it. A title is
 * matched from its start and from each of its first characters on ({@value #TITLE_STARTS} at most: a completion
 * matches prefixes only, and people type the words in the middle of a title too), as characters, as pinyin and as pinyin
 * initials (in the forms {@link Pinyin} reads), folded as a typed prefix is ({@link PrefixFolding}: simplified characters,
 * lower case, letters and digits only) and cut to the longest prefix a caller can type ({@link #typable}). Its tags and
 * headings are written as they are but for their numbering, and shown so: the field's analyzer folds them as a typed
 * prefix is (the IK plugin's {@code docsearch_typed_prefix}, since index v10).
 */
public final class SuggestionInputs {
    /** Start positions of a title matched, besides its first. */
    static final int TITLE_STARTS = 8;
    private static final int MIN_CHARS = 2;
    private static final int MAX_TERMS = 20;
    private static final int MAX_TERM_CHARS = 30;
    /** 一、 （一） 1. 第一， as a heading starts; the words after it are the term. */
    private static final Pattern NUMBERING = Pattern.compile(
            "^(?:[（(][一二三四五六七八九十百零〇0-9]+[)）]|[一二三四五六七八九十百零〇0-9]+[、.．]|第[一二三四五六七八九十百零〇0-9]+[是条章节部分，、])\\s*");

    private SuggestionInputs() {
    }

    public static CompletionInput title(String title, String collection) {
        String text = PrefixFolding.fold(title == null ? "" : title);
        Set<String> inputs = new LinkedHashSet<>();
        for (int start = 0; start <= Math.min(TITLE_STARTS, text.length() - MIN_CHARS); start++) {
            String rest = text.substring(start);
            inputs.add(typable(rest));
            if (!Pinyin.isLatin(rest)) {
                // cut forms of a long title that differ only past the cut are one input
                Pinyin.fullForms(rest).forEach(form -> inputs.add(typable(form)));
                Pinyin.initialsForms(rest).forEach(form -> inputs.add(typable(form)));
            }
        }
        return CompletionInput.of(List.copyOf(inputs), collection);
    }

    public static CompletionInput terms(List<String> tags, List<String> headings, String collection) {
        Set<String> inputs = new LinkedHashSet<>();
        for (List<String> terms : List.of(tags == null ? List.<String>of() : tags, headings == null ? List.<String>of() : headings)) {
            for (String term : terms) {
                String cleaned = NUMBERING.matcher(term.strip()).replaceFirst("");
                if (inputs.size() < MAX_TERMS && PrefixFolding.fold(cleaned).length() >= MIN_CHARS
                        && cleaned.length() <= MAX_TERM_CHARS) {
                    inputs.add(cleaned);
                }
            }
        }
        return CompletionInput.of(List.copyOf(inputs), collection);
    }

    /**
     * The start of an input that a typed prefix can match: prefixes are at most {@link SuggestService#MAX_PREFIX_CHARS}
     * long, and what an input holds past that only costs Elasticsearch CPU to index (most of all a long title's pinyin).
     */
    static String typable(String input) {
        return cut(input, SuggestService.MAX_PREFIX_CHARS);
    }

    /** The text's first {@code codePoints} characters. */
    static String cut(String text, int codePoints) {
        return text.codePointCount(0, text.length()) <= codePoints ? text
                : text.substring(0, text.offsetByCodePoints(0, codePoints));
    }
}
