package cn.docsearch.ingest.upload;

import java.util.List;
import java.util.regex.Pattern;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.ingest.document.DocumentRefusedException;
import cn.docsearch.text.DocumentText;

/**
 * What the submitter says about a document; every field optional. A title given here wins over the file's.
 *
 * @param collection the collection the document belongs to ("default" when
 *                   absent): who may see it, and the scope of its id and of duplicate detection
 */
public record SubmissionMetadata(String title, String source, List<String> tags, String clientId, String collection) {

    public static final SubmissionMetadata NONE = new SubmissionMetadata(null, null, List.of(), null, null);
    private static final Pattern COLLECTION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** Longest clientId and source: they are exact-match keys in the index, which refuses a term over 32 KB. */
    static final int MAX_KEY_CHARS = 256;
    static final int MAX_TAG_CHARS = 100;

    /**
     * Clean values, blank as null, tags trimmed and distinct; refuses more or longer values than the index can hold,
     * here at the door rather than as a failed document later.
     */
    public SubmissionMetadata normalised() {
        // the text rule of the document itself (DocumentText): a tag of only zero-width characters is no tag
        List<String> cleanTags = tags == null ? List.of()
                : tags.stream().map(DocumentText::clean).filter(DocumentText::hasText).map(String::strip).distinct().toList();
        if (cleanTags.size() > DocumentIngestService.MAX_TAGS) {
            throw DocumentRefusedException.invalid("At most " + DocumentIngestService.MAX_TAGS + " tags are accepted, got " + cleanTags.size());
        }
        cleanTags.forEach(tag -> requireAtMost("A tag", tag, MAX_TAG_CHARS));
        String cleanClientId = blankToNull(clientId);
        String cleanSource = textOrNull(source);
        requireAtMost("clientId", cleanClientId, MAX_KEY_CHARS);
        requireAtMost("source", cleanSource, MAX_KEY_CHARS);
        String cleanCollection = blankToNull(collection) == null ? CollectionNames.DEFAULT : collection.strip();
        if (!COLLECTION.matcher(cleanCollection).matches()) {
            throw DocumentRefusedException.invalid("collection is 1 to 64 lower-case letters, digits, '-' and '_', "
                    + "starting with a letter or digit");
        }
        // clientId is left as sent: it names the document (its id is made from it), it is not text of it
        return new SubmissionMetadata(textOrNull(title), cleanSource, cleanTags, cleanClientId, cleanCollection);
    }

    static void requireAtMost(String what, String value, int maxChars) {
        if (value != null && value.length() > maxChars) {
            throw DocumentRefusedException.invalid(what + " has " + value.length() + " characters; at most " + maxChars
                    + " are accepted");
        }
    }

    /** The value by the text rule, null when nothing that carries text is left. */
    private static String textOrNull(String value) {
        String clean = DocumentText.clean(value);
        return DocumentText.hasText(clean) ? clean.strip() : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
