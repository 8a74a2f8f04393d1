package cn.docsearch.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user typed: quoted phrases (ASCII or Chinese quotes) that must occur exactly, {@code -word} or
 * {@code -"phrase"} that must not occur, {@code a OR b} groups of which one must occur, and the remaining free
 * terms, which rank documents by how many of them match. Any string parses; unpaired quotes are punctuation.
 */
public record UserQuery(List<String> phrases, String terms, List<String> excluded, List<List<String>> alternatives) {
    private static final Pattern ITEM = Pattern.compile("(-?)(?:\"([^\"]+)\"|“([^”]+)”|「([^」]+)」|(\\S+))");
    // compiled once: String.replaceAll and matches compile their pattern on every call, for every word of every query
    private static final Pattern QUOTES = Pattern.compile("[\"“”「」]");
    private static final Pattern DASHES = Pattern.compile("-+");

    private record Item(String text, boolean quoted, boolean negated) {
        boolean isOr() {
            return !quoted && !negated && "OR".equals(text);
        }
    }

    public static UserQuery parse(String text) {
        List<Item> items = new ArrayList<>();
        Matcher matcher = ITEM.matcher(text);
        while (matcher.find()) {
            boolean negated = !matcher.group(1).isEmpty();
            String plain = matcher.group(5);
            String content = plain != null ? QUOTES.matcher(plain).replaceAll(" ").strip()
                    : firstNonNull(matcher.group(2), matcher.group(3), matcher.group(4)).strip();
            if (!content.isEmpty() && !DASHES.matcher(content).matches()) {
                items.add(new Item(content, plain == null, negated));
            }
        }
        List<String> excluded = new ArrayList<>();
        List<List<Item>> groups = new ArrayList<>();
        boolean orPending = false;
        for (Item item : items) {
            if (item.isOr()) {
                orPending = !groups.isEmpty();
            } else if (item.negated()) {
                excluded.add(item.text());
                orPending = false;
            } else {
                if (orPending) {
                    groups.get(groups.size() - 1).add(item);
                } else {
                    groups.add(new ArrayList<>(List.of(item)));
                }
                orPending = false;
            }
        }
        List<String> phrases = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        List<List<String>> alternatives = new ArrayList<>();
        for (List<Item> group : groups) {
            if (group.size() > 1) {
                alternatives.add(group.stream().map(Item::text).toList());
            } else if (group.get(0).quoted()) {
                phrases.add(group.get(0).text());
            } else {
                terms.add(group.get(0).text());
            }
        }
        return new UserQuery(List.copyOf(phrases), String.join(" ", terms), List.copyOf(excluded), List.copyOf(alternatives));
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return "";
    }

    /** Nothing that a document could match (exclusions alone select nothing). */
    public boolean isEmpty() {
        return phrases.isEmpty() && terms.isEmpty() && alternatives.isEmpty();
    }

    /** What the query means, without its operators: the text the embedding model reads. */
    public String meaning() {
        List<String> parts = new ArrayList<>(phrases);
        alternatives.forEach(group -> parts.add(String.join(" ", group)));
        if (!terms.isEmpty()) {
            parts.add(terms);
        }
        return String.join(" ", parts);
    }
}
