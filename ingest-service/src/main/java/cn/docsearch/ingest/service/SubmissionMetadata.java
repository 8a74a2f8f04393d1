package cn.docsearch.ingest.service;

import java.util.List;

/** What the submitter says about a document; every field optional. A title given here wins over the file's. */
public record SubmissionMetadata(String title, String source, List<String> tags, String clientId) {

    public static final SubmissionMetadata NONE = new SubmissionMetadata(null, null, List.of(), null);

    /** Clean values, blank as null, tags trimmed and distinct; refuses more tags than allowed. */
    SubmissionMetadata normalised() {
        List<String> cleanTags = tags == null ? List.of()
                : tags.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).distinct().toList();
        if (cleanTags.size() > DocumentIngestService.MAX_TAGS) {
            throw DocumentRefusedException.invalid("At most " + DocumentIngestService.MAX_TAGS + " tags are accepted, got " + cleanTags.size());
        }
        return new SubmissionMetadata(blankToNull(title), blankToNull(source), cleanTags, blankToNull(clientId));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
