package cn.docsearch.search.dictionary;

/** An update made from a version that is not the current one any more: another change came first. */
public class StaleDictionaryException extends RuntimeException {
    public StaleDictionaryException(long expected, long current) {
        super("The update was made from version " + expected + ", but the dictionary is at version " + current
                + " now; read it again and apply the change to that version");
    }
}
