package cn.docsearch.ingest.rest;

/** Answer to an accepted document: Kafka has it, indexing follows asynchronously. */
public record DocumentReceipt(String id, String status, String contentHash, int charCount) {
}
