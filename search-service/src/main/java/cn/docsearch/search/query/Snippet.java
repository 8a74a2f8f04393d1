package cn.docsearch.search.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cn.docsearch.text.ScriptFolding;

/**
 * What a hit shows at first: about {@value #MIN_CHARS}-{@value #MAX_CHARS} characters of its best passage, cut around
 * the sentence that answers, as HTML: escaped, keyword matches in {@code <em>} as the passage had them, and, for a
 * passage found by meaning, the answering sentence in {@code <mark>}. The answering sentence is the one with the most
 * matched characters, else the one sharing the most character pairs with the query (both folded to simplified
 * characters): embedding every sentence of every hit would cost more than the search itself.
 *
 * @param text      the cut, with "…" where it leaves out the passage's text before or after
 * @param position  the passage's place in the document, to open the document there
 * @param headings  the headings above the passage
 */
public record Snippet(String text, int position, List<String> headings) {
    static final int MAX_CHARS = 160;
    static final int MIN_CHARS = 120;
    private static final String ELLIPSIS = "…";
    private static final String SENTENCE_ENDS = "。！？；!?;\n";

    /**
     * @param passage     the best passage, its text HTML as a hit carries it
     * @param query       what the query means, to find the answering sentence where nothing is marked
     * @param markAnswer  whether to mark the answering sentence (the passage was found by meaning)
     */
    static Snippet of(PassageHit passage, String query, boolean markAnswer) {
        return new Snippet(cut(passage.text(), query, markAnswer), passage.position(), passage.headings());
    }

    static String cut(String html, String query, boolean markAnswer) {
        List<Unit> units = Unit.parse(html);
        if (units.isEmpty()) {
            return "";
        }
        List<int[]> sentences = sentences(units);
        int[] answer = answeringSentence(units, sentences, query);
        int start;
        int end;
        if (answer[1] - answer[0] > MAX_CHARS) {
            // a sentence longer than the snippet: around its first match
            int match = firstMarked(units, answer[0], answer[1]);
            start = Math.max(answer[0], (match < 0 ? answer[0] : match) - MAX_CHARS / 4);
            end = Math.min(answer[1], start + MAX_CHARS);
        } else {
            // the sentence, then what follows it up to a sentence end; earlier text when the passage ends first
            start = answer[0];
            end = endOfCut(sentences, start, units.size());
            if (end - start < MIN_CHARS) {
                start = Math.max(0, end - MAX_CHARS);
                start = sentenceStartAtOrAfter(sentences, start, answer[0]);
            }
        }
        boolean mark = markAnswer && answer[2] > 0;
        return render(units, start, end, mark ? answer[0] : -1, mark ? answer[1] : -1);
    }

    /** [start, end) of each sentence, in units; a sentence keeps its closing punctuation. */
    private static List<int[]> sentences(List<Unit> units) {
        List<int[]> sentences = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < units.size(); i++) {
            if (SENTENCE_ENDS.indexOf(units.get(i).visible) >= 0) {
                sentences.add(new int[] {start, i + 1});
                start = i + 1;
            }
        }
        if (start < units.size()) {
            sentences.add(new int[] {start, units.size()});
        }
        return sentences;
    }

    /** {start, end, score} of the best sentence (the first of equals; a passage has one at least). */
    private static int[] answeringSentence(List<Unit> units, List<int[]> sentences, String query) {
        Set<String> queryPairs = pairs(ScriptFolding.toSimplified(query == null ? "" : query));
        int[] best = null;
        long bestScore = -1;
        for (int[] sentence : sentences) {
            StringBuilder text = new StringBuilder();
            int marked = 0;
            for (int i = sentence[0]; i < sentence[1]; i++) {
                text.append(units.get(i).visible);
                marked += units.get(i).marked ? 1 : 0;
            }
            Set<String> shared = pairs(ScriptFolding.toSimplified(text.toString()));
            shared.retainAll(queryPairs);
            // marked characters first: they are what the reader looked for
            long score = marked * 1000L + shared.size();
            if (score > bestScore) {
                bestScore = score;
                best = new int[] {sentence[0], sentence[1], (int) Math.min(Integer.MAX_VALUE, score)};
            }
        }
        return best;
    }

    private static Set<String> pairs(String text) {
        Set<String> pairs = new HashSet<>();
        String letters = text.codePoints().filter(Character::isLetterOrDigit)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        for (int i = 0; i + 1 < letters.length(); i++) {
            pairs.add(letters.substring(i, i + 2));
        }
        return pairs;
    }

    private static int firstMarked(List<Unit> units, int from, int to) {
        for (int i = from; i < to; i++) {
            if (units.get(i).marked) {
                return i;
            }
        }
        return -1;
    }

    /** The last sentence end between {@value #MIN_CHARS} and {@value #MAX_CHARS} characters on, else the longest cut. */
    private static int endOfCut(List<int[]> sentences, int start, int length) {
        int limit = Math.min(start + MAX_CHARS, length);
        int end = limit;
        for (int[] sentence : sentences) {
            if (sentence[1] >= start + MIN_CHARS && sentence[1] <= limit) {
                end = sentence[1];
            }
        }
        return end;
    }

    /** The first sentence start in [from, limit], else from. */
    private static int sentenceStartAtOrAfter(List<int[]> sentences, int from, int limit) {
        for (int[] sentence : sentences) {
            if (sentence[0] >= from && sentence[0] <= limit) {
                return sentence[0];
            }
        }
        return from;
    }

    /** Units [start, end) as HTML, with the mark's tags (when markStart >= 0) nested around or inside the matches'. */
    private static String render(List<Unit> units, int start, int end, int markStart, int markEnd) {
        int from = markStart < 0 ? -1 : Math.max(markStart, start);
        int to = markStart < 0 ? -1 : Math.min(markEnd, end);
        StringBuilder html = new StringBuilder(start > 0 ? ELLIPSIS : "");
        boolean inMatch = false;
        for (int i = start; i < end; i++) {
            Unit unit = units.get(i);
            if (i == from) {
                html.append(inMatch ? "</em><mark><em>" : "<mark>");
            }
            if (unit.marked && !inMatch && unit.prefix.isEmpty()) {
                // the cut starts inside a match
                html.append("<em>");
            }
            html.append(unit.prefix).append(unit.raw).append(unit.suffix);
            inMatch = unit.marked && unit.suffix.isEmpty();
            if (i == to - 1) {
                html.append(inMatch ? "</em></mark><em>" : "</mark>");
            }
        }
        if (inMatch) {
            html.append("</em>");
        }
        return html.append(end < units.size() ? ELLIPSIS : "").toString();
    }

    /**
     * One visible character of the passage HTML (a code point, or an entity as one character), with the highlight tags
     * that open before it and close after it.
     */
    private static final class Unit {
        private final String raw;
        private final String visible;
        private String prefix = "";
        private String suffix = "";
        private boolean marked;

        private Unit(String raw, String visible) {
            this.raw = raw;
            this.visible = visible;
        }

        static List<Unit> parse(String html) {
            List<Unit> units = new ArrayList<>();
            StringBuilder pendingOpen = new StringBuilder();
            boolean inMatch = false;
            int i = 0;
            while (i < html.length()) {
                char c = html.charAt(i);
                if (html.startsWith("<em>", i)) {
                    pendingOpen.append("<em>");
                    inMatch = true;
                    i += 4;
                } else if (html.startsWith("</em>", i)) {
                    if (!units.isEmpty()) {
                        units.get(units.size() - 1).suffix += "</em>";
                    }
                    inMatch = false;
                    i += 5;
                } else {
                    int next = c == '&' && html.indexOf(';', i) > i ? html.indexOf(';', i) + 1 : i + Character.charCount(html.codePointAt(i));
                    String raw = html.substring(i, next);
                    Unit unit = new Unit(raw, raw.startsWith("&") ? decode(raw) : raw);
                    unit.prefix = pendingOpen.toString();
                    unit.marked = inMatch;
                    pendingOpen.setLength(0);
                    units.add(unit);
                    i = next;
                }
            }
            return units;
        }

        private static String decode(String entity) {
            return switch (entity) {
                case "&amp;" -> "&";
                case "&lt;" -> "<";
                case "&gt;" -> ">";
                case "&quot;" -> "\"";
                default -> "'";
            };
        }
    }
}
