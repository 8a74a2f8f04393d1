package cn.docsearch.ingest.service;

/** A document Kafka has acknowledged. */
public record AcceptedDocument(String id, String contentHash, int charCount) {
}
