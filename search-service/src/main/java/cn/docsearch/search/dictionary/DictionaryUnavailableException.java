package cn.docsearch.search.dictionary;

/** Kafka did not answer in time: the dictionary could not be read or written; retrying later will do. */
public class DictionaryUnavailableException extends RuntimeException {
    public DictionaryUnavailableException(String message) {
        super(message);
    }
}
