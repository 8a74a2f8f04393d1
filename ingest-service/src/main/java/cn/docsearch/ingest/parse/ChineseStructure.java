package cn.docsearch.ingest.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers headings and paragraphs from blocks of text: explicit headings (HTML, Word styles,
 * markdown #) keep their level; numbered lines in the Chinese styles become headings of their rank;
 * everything else is paragraphs, one per line, or joined when the source wraps lines (PDF).
 */
public final class ChineseStructure {
    /** PDF text extraction puts a space between Chinese and Latin letters or digits: 建成 5G基站 320个. */
    private static final Pattern SPACE_BETWEEN_HAN_AND_LATIN = Pattern.compile(
            "(?<=[\\p{IsHan}，。、；：（）])\\s+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])\\s+(?=[\\p{IsHan}，。、；：（）])");
    private static final Pattern MARKDOWN_HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*$");
    /** Compiled once: clean() runs for every line of every document (String.replaceAll compiled them per call). */
    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");
    private static final Pattern SPACE_RUNS = Pattern.compile("[ \\t\\u00A0]+");
    private static final int MAX_TITLE_CHARS = 80;
    private static final String SENTENCE_END = "。！？；：.!?;:”」』）)";

    private ChineseStructure() {
    }

    private sealed interface Element permits Heading, Paragraph {
        String text();
    }

    /** {@code separator} is non-empty when the heading's line went on: the next paragraph continues it. */
    private record Heading(int rank, String text, String separator) implements Element {
    }

    private record Paragraph(String text) implements Element {
    }

    /** Plain text (a JSON or text/plain submission): one paragraph per line. */
    public static DocumentStructure ofText(String text) {
        return recover(List.of(Block.text(text)), false);
    }

    static DocumentStructure recover(List<Block> blocks, boolean wrappedLines) {
        List<Element> elements = elements(blocks, wrappedLines);
        String leadingLine = leadingLine(elements);
        List<Element> content = leadingLine == null ? elements : elements.subList(1, elements.size());
        return new DocumentStructure(leadingLine, body(elements), sections(content));
    }

    private static List<Element> elements(List<Block> blocks, boolean wrappedLines) {
        List<Element> elements = new ArrayList<>();
        for (Block block : blocks) {
            if (block.isHeading()) {
                elements.add(new Heading(block.headingLevel() - 1, clean(block.text()), ""));
                continue;
            }
            StringBuilder paragraph = new StringBuilder();
            for (String rawLine : block.text().split("\n")) {
                String line = wrappedLines ? SPACE_BETWEEN_HAN_AND_LATIN.matcher(clean(rawLine)).replaceAll("") : clean(rawLine);
                if (line.isEmpty()) {
                    flush(paragraph, elements);
                    continue;
                }
                Matcher markdown = MARKDOWN_HEADING.matcher(line);
                if (markdown.matches()) {
                    flush(paragraph, elements);
                    elements.add(new Heading(markdown.group(1).length() - 1, markdown.group(2), ""));
                    continue;
                }
                var numbered = HeadingPattern.match(line);
                if (numbered.isPresent()) {
                    flush(paragraph, elements);
                    elements.add(new Heading(numbered.get().rank(), numbered.get().heading(), numbered.get().separator()));
                    paragraph.append(numbered.get().remainder());
                    continue;
                }
                if (wrappedLines && paragraph.length() > 0 && !endsSentence(paragraph)) {
                    paragraph.append(needsSpace(paragraph, line) ? " " : "").append(line);
                } else {
                    flush(paragraph, elements);
                    paragraph.append(line);
                }
            }
            flush(paragraph, elements);
        }
        return elements;
    }

    /** The text as written: a heading split from its line is joined back to the paragraph it started. */
    private static String body(List<Element> elements) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < elements.size(); i++) {
            Element element = elements.get(i);
            body.append(element.text());
            if (element instanceof Heading heading && !heading.separator().isEmpty()
                    && i + 1 < elements.size() && elements.get(i + 1) instanceof Paragraph next) {
                body.append(heading.separator()).append(next.text());
                i++;
            }
            body.append('\n');
        }
        return body.toString().strip();
    }

    /** The first element reads like a title: a short unnumbered line that is not a sentence, or a top heading. */
    private static String leadingLine(List<Element> elements) {
        if (elements.isEmpty()) {
            return null;
        }
        Element first = elements.get(0);
        String text = first.text();
        if (text.length() > MAX_TITLE_CHARS || elements.size() == 1) {
            return null;
        }
        if (first instanceof Heading heading) {
            return heading.rank() == 0 && HeadingPattern.match(text).isEmpty() ? text : null;
        }
        return SENTENCE_END.indexOf(text.charAt(text.length() - 1)) < 0 ? text : null;
    }

    private static List<Section> sections(List<Element> elements) {
        List<Section> sections = new ArrayList<>();
        Deque<Heading> path = new ArrayDeque<>();
        List<String> paragraphs = new ArrayList<>();
        for (Element element : elements) {
            if (element instanceof Heading heading) {
                addSection(sections, path, paragraphs);
                while (!path.isEmpty() && path.peekLast().rank() >= heading.rank()) {
                    path.removeLast();
                }
                path.addLast(heading);
            } else {
                paragraphs.add(element.text());
            }
        }
        addSection(sections, path, paragraphs);
        return sections;
    }

    private static void addSection(List<Section> sections, Deque<Heading> path, List<String> paragraphs) {
        if (!paragraphs.isEmpty()) {
            sections.add(new Section(path.stream().map(Heading::text).toList(), List.copyOf(paragraphs)));
            paragraphs.clear();
        }
    }

    private static void flush(StringBuilder paragraph, List<Element> elements) {
        if (paragraph.length() > 0) {
            elements.add(new Paragraph(paragraph.toString()));
            paragraph.setLength(0);
        }
    }

    private static boolean endsSentence(StringBuilder paragraph) {
        return SENTENCE_END.indexOf(paragraph.charAt(paragraph.length() - 1)) >= 0;
    }

    /** Wrapped Chinese joins without a space; wrapped Latin words need one. */
    private static boolean needsSpace(StringBuilder paragraph, String next) {
        return isAsciiLetterOrDigit(paragraph.charAt(paragraph.length() - 1)) && isAsciiLetterOrDigit(next.charAt(0));
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    /** Trims, folds runs of spaces and the ideographic space, drops control characters. */
    private static String clean(String line) {
        String visible = CONTROL_CHARACTERS.matcher(line.replace('\u3000', ' ')).replaceAll("");
        return SPACE_RUNS.matcher(visible).replaceAll(" ").strip();
    }
}
