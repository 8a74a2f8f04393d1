package cn.docsearch.ik;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An index's own extension words, laid over IK's segmentation. IK's dictionary is one per JVM, so words added to it
 * would change every index on the node at once, the live one included, before a rebuild has re-analysed anything:
 * words kept per index (in its analysis settings) change only the index built with them.
 * <ul>
 * <li>max_word (index time): every occurrence of a word is one more token beside IK's, as if IK knew the word.</li>
 * <li>smart (queries, phrases): occurrences, leftmost and longest first, replace the IK tokens they overlap; the part
 * of such a token outside the word stays a token of its own.</li>
 * </ul>
 * Text is compared as IK compares it: full-width forms as ASCII, letters in lower case.
 */
final class ExtensionWords {
    /** A token: its text and where it lies in the analysed text (end exclusive). */
    record Token(String text, int start, int end, String type) {
        static final Comparator<Token> IN_ORDER = Comparator.comparingInt(Token::start)
                .thenComparing(Comparator.comparingInt(Token::end).reversed());
    }

    static final String TYPE = "EXTENSION_WORD";

    private final Node root = new Node();
    private final boolean empty;

    ExtensionWords(Collection<String> words) {
        boolean none = true;
        for (String word : words) {
            String normalized = normalize(word.strip());
            if (!normalized.isEmpty()) {
                root.add(normalized);
                none = false;
            }
        }
        this.empty = none;
    }

    boolean isEmpty() {
        return empty;
    }

    /** IK's tokens of the text with this index's words laid over them, in IK's order (start, then longest first). */
    List<Token> apply(String text, List<Token> segmented, boolean smart) {
        String normalized = normalize(text);
        List<Token> found = occurrences(normalized);
        if (found.isEmpty()) {
            return segmented;
        }
        List<Token> tokens = new ArrayList<>();
        if (smart) {
            List<Token> chosen = leftmostLongest(found);
            for (Token token : segmented) {
                addOutside(token, chosen, tokens);
            }
            tokens.addAll(chosen);
        } else {
            tokens.addAll(segmented);
            for (Token word : found) {
                if (segmented.stream().noneMatch(token -> token.start() == word.start() && token.end() == word.end())) {
                    tokens.add(word);
                }
            }
        }
        tokens.sort(Token.IN_ORDER);
        return tokens;
    }

    /** Every occurrence of every word, overlapping ones included. */
    List<Token> occurrences(String normalized) {
        List<Token> found = new ArrayList<>();
        for (int start = 0; start < normalized.length(); start++) {
            Node node = root;
            for (int end = start; end < normalized.length(); end++) {
                node = node.children.get(normalized.charAt(end));
                if (node == null) {
                    break;
                }
                if (node.word) {
                    found.add(new Token(normalized.substring(start, end + 1), start, end + 1, TYPE));
                }
            }
        }
        return found;
    }

    private static List<Token> leftmostLongest(List<Token> found) {
        List<Token> sorted = new ArrayList<>(found);
        sorted.sort(Token.IN_ORDER);
        List<Token> chosen = new ArrayList<>();
        int covered = 0;
        for (Token word : sorted) {
            if (word.start() >= covered) {
                chosen.add(word);
                covered = word.end();
            }
        }
        return chosen;
    }

    /** The token itself when no chosen word overlaps it, else its parts outside the words. */
    private static void addOutside(Token token, List<Token> words, List<Token> into) {
        int from = token.start();
        for (Token word : words) {
            if (word.end() <= from || word.start() >= token.end()) {
                continue;
            }
            if (word.start() > from) {
                into.add(part(token, from, word.start()));
            }
            from = Math.max(from, word.end());
        }
        if (from == token.start()) {
            into.add(token);
        } else if (from < token.end()) {
            into.add(part(token, from, token.end()));
        }
    }

    private static Token part(Token token, int start, int end) {
        int offset = start - token.start();
        return new Token(token.text().substring(offset, offset + end - start), start, end, token.type());
    }

    /** As IK reads characters: full-width ASCII forms and the ideographic space as ASCII, letters in lower case. */
    static String normalize(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c == '\u3000') {
                c = ' ';
            } else if (c >= '\uFF01' && c <= '\uFF5E') {
                c = (char) (c - 0xFEE0);
            }
            chars[i] = Character.toLowerCase(c);
        }
        return new String(chars);
    }

    private static final class Node {
        private final Map<Character, Node> children = new HashMap<>();
        private boolean word;

        void add(String word) {
            Node node = this;
            for (int i = 0; i < word.length(); i++) {
                node = node.children.computeIfAbsent(word.charAt(i), c -> new Node());
            }
            node.word = true;
        }
    }
}
