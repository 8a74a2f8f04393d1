package cn.docsearch.search.rest;

public class DocumentNotFoundException extends RuntimeException {
    public DocumentNotFoundException(String id) {
        super("No document with id " + id + " is indexed (it may still be on its way from Kafka)");
    }
}
