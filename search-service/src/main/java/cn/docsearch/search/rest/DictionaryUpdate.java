package cn.docsearch.search.rest;

import java.util.List;

/**
 * A dictionary update: the whole lists given replace the current ones, a list left out stays as it is.
 *
 * @param version the version these lists were read from; when given, an update that another one overtook fails (409)
 */
public record DictionaryUpdate(Long version, List<String> extensionWords, List<String> stopwords, List<String> synonyms) {
}
