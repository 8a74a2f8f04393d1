package cn.docsearch.search.dictionary;

/** A dictionary update that cannot be taken as it is: the message names what and why. */
public class InvalidDictionaryException extends RuntimeException {
    public InvalidDictionaryException(String message) {
        super(message);
    }
}
