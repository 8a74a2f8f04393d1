package cn.docsearch.search.passage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.docsearch.text.DocumentText;

/**
 * Cuts a document along its sections (its text cleaned by {@link DocumentText}: an event may come from anyone
 * who can write the topic) into passages of at most {@link #MAX_CHARS} characters: paragraphs of one
 * section are packed together while they fit, a longer paragraph is cut between sentences, and only a single
 * sentence longer than the limit is cut inside. A passage never spans two sections, so its heading path is exact.
 * <p>
 * The limit keeps a passage under the embedding model's 512-token window (one Chinese character is about one
 * token) and short enough to show as an answer.
 */
public final class PassageSplitter {
    public static final int MAX_CHARS = 400;
    /** A sentence ends after 。！？； (or their ASCII forms), and any closing quotes or brackets that follow. */
    private static final Pattern SENTENCE = Pattern.compile("[^。！？；!?;\\n]*(?:[。！？；!?;]+[”’」』）)]*|\\n|$)");

    /** One section of the document event: its heading path and its paragraphs. */
    public record Section(List<String> headings, List<String> paragraphs) {
    }

    private PassageSplitter() {
    }

    /** @param body used, split at line breaks, when the event carries no sections */
    public static List<Passage> split(List<Section> sections, String body) {
        List<Section> source = sections == null || sections.isEmpty()
                ? List.of(new Section(List.of(), body == null ? List.of() : List.of(body.split("\\n"))))
                : sections;
        List<Passage> passages = new ArrayList<>();
        for (Section section : source) {
            List<String> headings = section.headings() == null ? List.of() : section.headings().stream()
                    .map(DocumentText::clean).filter(DocumentText::hasText).toList();
            StringBuilder current = new StringBuilder();
            for (String paragraph : section.paragraphs() == null ? List.<String>of() : section.paragraphs()) {
                for (String piece : fitting(paragraph == null ? "" : DocumentText.clean(paragraph).strip())) {
                    if (current.length() > 0 && current.length() + 1 + piece.length() > MAX_CHARS) {
                        passages.add(new Passage(passages.size(), headings, current.toString()));
                        current.setLength(0);
                    }
                    if (current.length() > 0) {
                        current.append('\n');
                    }
                    current.append(piece);
                }
            }
            if (current.length() > 0) {
                passages.add(new Passage(passages.size(), headings, current.toString()));
            }
        }
        return passages;
    }

    /** A paragraph as pieces of at most MAX_CHARS, cut between sentences where it can be. */
    static List<String> fitting(String paragraph) {
        if (!DocumentText.hasText(paragraph)) {
            return List.of();
        }
        if (paragraph.length() <= MAX_CHARS) {
            return List.of(paragraph);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Matcher matcher = SENTENCE.matcher(paragraph);
        while (matcher.find() && matcher.start() < paragraph.length()) {
            String sentence = matcher.group();
            if (sentence.isEmpty()) {
                continue;
            }
            if (current.length() + sentence.length() > MAX_CHARS && current.length() > 0) {
                pieces.add(current.toString().strip());
                current.setLength(0);
            }
            // a single sentence over the limit: cut it, there is no better place
            while (sentence.length() > MAX_CHARS) {
                pieces.add(sentence.substring(0, MAX_CHARS).strip());
                sentence = sentence.substring(MAX_CHARS);
            }
            current.append(sentence);
        }
        if (!current.toString().isBlank()) {
            pieces.add(current.toString().strip());
        }
        // a piece of marks or symbols the model reads as nothing would make it refuse the whole document
        pieces.removeIf(piece -> !DocumentText.hasText(piece));
        return pieces;
    }
}
