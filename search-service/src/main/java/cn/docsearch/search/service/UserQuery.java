package cn.docsearch.search.service;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user typed, split into quoted phrases (ASCII or Chinese quotes, matched as exact phrases) and
 * the remaining free terms.
 */
public record UserQuery(List<String> phrases, String terms) {
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"|“([^”]+)”|「([^」]+)」");

    public static UserQuery parse(String text) {
        List<String> phrases = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        Matcher matcher = QUOTED.matcher(text);
        int last = 0;
        while (matcher.find()) {
            rest.append(text, last, matcher.start()).append(' ');
            for (int group = 1; group <= 3; group++) {
                String phrase = matcher.group(group);
                if (phrase != null && !phrase.isBlank()) {
                    phrases.add(phrase.strip());
                }
            }
            last = matcher.end();
        }
        rest.append(text.substring(last));
        // an unpaired quote is just punctuation
        String terms = rest.toString().replaceAll("[\"“”「」]", " ").replaceAll("\\s+", " ").strip();
        return new UserQuery(List.copyOf(phrases), terms);
    }

    public boolean isEmpty() {
        return phrases.isEmpty() && terms.isEmpty();
    }
}
