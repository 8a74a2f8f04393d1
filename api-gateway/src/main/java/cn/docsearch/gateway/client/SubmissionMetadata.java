package cn.docsearch.gateway.client;

import java.util.List;

/**
 * What a caller says about the documents it submits as text or files; each may be absent.
 *
 * @param collection the collection asked for; {@link IngestService} sends the one the caller's key writes to
 */
public record SubmissionMetadata(String title, String source, List<String> tags, String clientId, String collection) {

    SubmissionMetadata inCollection(String target) {
        return new SubmissionMetadata(title, source, tags, clientId, target);
    }
}
