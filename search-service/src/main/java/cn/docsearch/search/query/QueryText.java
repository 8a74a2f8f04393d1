package cn.docsearch.search.query;

import cn.docsearch.text.DocumentText;

/**
 * A text a caller searches with (a query, a paragraph, a text to analyse), cleaned by the rule documents are cleaned
 * by ({@link DocumentText}): what is left must carry text, or the caller gets a 400 problem, in every mode alike, instead
 * of a model or a node failing on it further on.
 */
public final class QueryText {
    private QueryText() {
    }

    /**
     * @param what how the caller named the text, for the problem's detail ("Parameter 'q'")
     * @return the cleaned text
     */
    public static String required(String what, String text, int maxChars) {
        if (text == null || text.isEmpty()) {
            throw new InvalidQueryException(what + " is required");
        }
        if (text.length() > maxChars) {
            throw new InvalidQueryException(what + " has " + text.length() + " characters; the limit is " + maxChars);
        }
        if (!DocumentText.hasText(text)) {
            throw new InvalidQueryException(what + " has nothing to search for: only spaces, control, zero-width or "
                    + "format characters");
        }
        return DocumentText.clean(text);
    }
}
