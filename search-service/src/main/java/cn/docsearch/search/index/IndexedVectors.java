package cn.docsearch.search.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A document's passage vectors as stored in the vectors index beside the documents index (mapping:
 * resources/elasticsearch/vectors-index.json), under the document's id and external version. Written once per document
 * version by the embedding stage, so adding vectors never rewrites the document and its passages' text. It carries
 * the fields searches filter and count by, copied from the document, so a search by meaning is filtered inside the
 * kNN and counted where it runs; {@code indexedAt} is when the version became searchable by words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexedVectors(String id, String collection, String source, List<String> tags, String author,
                             String documentDate, String contentType, Instant ingestedAt, Integer version,
                             Instant indexedAt, Instant embeddedAt, List<PassageVector> passages) {

    /** One passage's vector, by the passage's position in the document. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PassageVector(int position, float[] vector) {
    }

    /** The vectors of a document's passages (in passage order), with the fields searches filter by. */
    public static IndexedVectors of(IndexedDocument document, List<float[]> vectors, Instant indexedAt, Instant embeddedAt) {
        if (vectors.size() != document.passages().size()) {
            throw new IllegalArgumentException(vectors.size() + " vectors for " + document.passages().size() + " passages");
        }
        List<PassageVector> passages = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            passages.add(new PassageVector(document.passages().get(i).position(), vectors.get(i)));
        }
        return new IndexedVectors(document.id(), document.collection(), document.source(), document.tags(),
                document.author(), document.documentDate(), document.contentType(), document.ingestedAt(),
                document.version(), indexedAt, embeddedAt, List.copyOf(passages));
    }
}
