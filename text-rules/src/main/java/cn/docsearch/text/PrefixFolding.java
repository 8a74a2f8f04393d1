package cn.docsearch.text;

/**
 * The form in which suggestions compare what a person types with what documents offer: simplified characters, lower
 * case, letters and digits only, so that 《鄉村 振興》 and 乡村振兴 are typed alike, and AI治理 by typing ai. search-service
 * folds typed prefixes and title inputs with it; the IK plugin's analyzer {@code docsearch_typed_prefix} folds tags and
 * headings with it inside Elasticsearch, so that both sides fold the same way.
 */
public final class PrefixFolding {
    private PrefixFolding() {
    }

    public static String fold(String text) {
        return ScriptFolding.toSimplified(text).codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
