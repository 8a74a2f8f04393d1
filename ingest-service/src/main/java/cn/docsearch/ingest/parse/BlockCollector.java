package cn.docsearch.ingest.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

import cn.docsearch.text.DocumentText;

/**
 * Receives Tika's XHTML events and keeps the block structure: headings with their level, and the text
 * of paragraphs, list items, table cells and page bodies. Counts characters so a document over the
 * limit is stopped while it is parsed, not after. Every block is cleaned by the platform's text rule
 * ({@link DocumentText#clean}) as a whole, before headings and paragraphs are recovered from it: Tika hands text over
 * in pieces that may split a surrogate pair or separate a zero-width joiner from its neighbours.
 */
final class BlockCollector extends DefaultHandler {
    private static final Set<String> BLOCKS = Set.of("p", "li", "td", "th", "div", "pre", "blockquote", "dd", "dt",
            "title", "tr", "br");

    private final int maxChars;
    private final List<Block> blocks = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private int currentHeading = Block.TEXT;
    private int headDepth;
    private long chars;
    private boolean removedCharacters;

    BlockCollector(int maxChars) {
        this.maxChars = maxChars;
    }

    List<Block> blocks() {
        flush();
        return blocks;
    }

    /** Whether the text rule removed characters from some block: a file left with no text held only such characters. */
    boolean removedCharacters() {
        return removedCharacters;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        String name = localName.isEmpty() ? qName : localName;
        if ("head".equals(name)) {
            headDepth++;
            return;
        }
        int level = headingLevel(name);
        if (level != Block.TEXT) {
            flush();
            currentHeading = level;
        } else if (BLOCKS.contains(name)) {
            flush();
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = localName.isEmpty() ? qName : localName;
        if ("head".equals(name)) {
            headDepth--;
            return;
        }
        if (headingLevel(name) != Block.TEXT || BLOCKS.contains(name)) {
            flush();
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (headDepth > 0) {
            return; // <title> and <meta> of the XHTML head are metadata, not content
        }
        chars += length;
        if (chars > maxChars) {
            throw new TextLimitReachedException();
        }
        current.append(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        characters(ch, start, length);
    }

    private void flush() {
        String raw = current.toString();
        current.setLength(0);
        String text = DocumentText.clean(raw);
        // clean() gives the same instance back when it removed nothing
        removedCharacters |= text != raw;
        if (DocumentText.hasText(text)) {
            blocks.add(currentHeading != Block.TEXT ? Block.heading(currentHeading, text.strip()) : Block.text(text));
        }
        currentHeading = Block.TEXT;
    }

    private static int headingLevel(String name) {
        if (name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6') {
            return name.charAt(1) - '0';
        }
        return Block.TEXT;
    }

    /** Thrown from inside the parse to stop it as soon as the text exceeds the limit. */
    static final class TextLimitReachedException extends RuntimeException {
        TextLimitReachedException() {
            super(null, null, false, false);
        }
    }
}
