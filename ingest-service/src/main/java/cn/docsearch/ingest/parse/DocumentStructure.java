package cn.docsearch.ingest.parse;

import java.util.List;

/**
 * Text with its recovered structure. {@code leadingLine} is the document's first line when it reads like a
 * title (short, not a sentence, not numbered); sections do not repeat it.
 */
public record DocumentStructure(String leadingLine, String body, List<Section> sections) {
}
