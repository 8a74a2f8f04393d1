package cn.docsearch.search.similarity;

/** Comparing by meaning needs the document's passage vectors, which the embedding stage has not written yet. */
public class NotEmbeddedException extends RuntimeException {
    public NotEmbeddedException(String id) {
        super("Document " + id + " is indexed but its passage vectors are not in yet; retry when its status is 'embedded'");
    }
}
