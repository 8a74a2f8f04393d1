package cn.docsearch.ingest.writer;

/**
 * A change to one document (a new upload, a new version, a deletion), decided by the writer of the document's
 * partition against the documents as they stand at that moment: the decisions of one partition are taken one after
 * the other, by one instance, so two uploads never get the same version.
 */
@FunctionalInterface
public interface DocumentWrite {
    WriteDecision decide(DocumentView documents);
}
