package cn.docsearch.search.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class DictionaryTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void theNextVersionHoldsTheListsTidied() {
        Dictionary next = Dictionary.EMPTY.next(List.of(" 数智赋能 ", "数智赋能", "", "新质生产力"), List.of("推进"),
                List.of("乡村振兴 ,农村发展", "土豆=>马铃薯", "乡村振兴, 农村发展"), NOW);
        assertThat(next.version()).isEqualTo(1);
        assertThat(next.extensionWords()).containsExactly("数智赋能", "新质生产力");
        assertThat(next.stopwords()).containsExactly("推进");
        assertThat(next.synonyms()).containsExactly("乡村振兴, 农村发展", "土豆 => 马铃薯");
        assertThat(next.updatedAt()).isEqualTo(NOW);
        assertThat(next.next(null, null, null, NOW).version()).isEqualTo(2);
        // a list left out stays as it is
        Dictionary kept = next.next(null, List.of(), null, NOW);
        assertThat(kept.extensionWords()).isEqualTo(next.extensionWords());
        assertThat(kept.synonyms()).isEqualTo(next.synonyms());
        assertThat(kept.stopwords()).isEmpty();
    }

    @Test
    void rulesAndTermsThatCannotBeTakenAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> next(List.of(), List.of("乡村振兴"))).hasMessageContaining("one term");
        assertThatThrownBy(() -> next(List.of(), List.of("a => b => c"))).hasMessageContaining("more than one =>");
        assertThatThrownBy(() -> next(List.of(), List.of("乡村振兴,,农村发展"))).hasMessageContaining("empty term");
        assertThatThrownBy(() -> next(List.of("数智 赋能"), List.of())).hasMessageContaining("'数智 赋能'");
        assertThatThrownBy(() -> next(List.of("a#b"), List.of())).hasMessageContaining("'a#b'");
        assertThatThrownBy(() -> next(List.of("词".repeat(33)), List.of())).hasMessageContaining("longer than 32");
        List<String> terms = IntStream.rangeClosed(1, Dictionary.MAX_TERMS_PER_RULE + 1).mapToObj(i -> "词" + i).toList();
        assertThatThrownBy(() -> next(List.of(), List.of(String.join(", ", terms)))).hasMessageContaining("at most " + Dictionary.MAX_TERMS_PER_RULE);
        List<String> tooMany = IntStream.rangeClosed(1, Dictionary.MAX_WORDS + 1).mapToObj(i -> "词" + i).toList();
        assertThatThrownBy(() -> next(tooMany, List.of())).hasMessageContaining("at most " + Dictionary.MAX_WORDS);
    }

    @Test
    void theDigestDependsOnWordsAndStopwordsNotOnTheirOrderOrTheSynonyms() {
        Dictionary one = Dictionary.EMPTY.next(List.of("甲", "乙"), List.of("丙"), List.of(), NOW);
        Dictionary reordered = Dictionary.EMPTY.next(List.of("乙", "甲"), List.of("丙"), List.of("a, b"), NOW);
        Dictionary moved = Dictionary.EMPTY.next(List.of("甲"), List.of("乙", "丙"), List.of(), NOW);
        assertThat(one.indexTimeDigest()).isEqualTo(reordered.indexTimeDigest()).isNotEqualTo(moved.indexTimeDigest());
        assertThat(Dictionary.EMPTY.indexTimeDigest()).isNotEqualTo(one.indexTimeDigest());
    }

    @Test
    void theEventRoundTripsAndRefusesAnotherSchema() throws Exception {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        Dictionary dictionary = Dictionary.EMPTY.next(List.of("数智赋能"), List.of(), List.of("a, b"), NOW);
        String json = mapper.writeValueAsString(DictionaryEvent.of(dictionary));
        assertThat(mapper.readValue(json, DictionaryEvent.class).toDictionary()).isEqualTo(dictionary);
        assertThatThrownBy(() -> mapper.readValue(json.replace("\"schema\":1", "\"schema\":2"), DictionaryEvent.class).toDictionary())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAnalysisSettingsCarryTheWordsAndStopwordsAndReadTheSynonymsFromTheRulesIndex() {
        ObjectMapper mapper = new ObjectMapper();
        Dictionary dictionary = Dictionary.EMPTY.next(List.of("数智赋能"), List.of("推进"), List.of(), NOW);
        ObjectNode analysis = AnalysisSettings.of(dictionary, "documents-dictionary", mapper);
        assertThat(analysis.at("/tokenizer/words_max_word/extension_words/0").asText()).isEqualTo("数智赋能");
        assertThat(analysis.at("/tokenizer/words_smart/mode").asText()).isEqualTo("smart");
        assertThat(analysis.at("/filter/user_stopwords/stopwords/0").asText()).isEqualTo("推进");
        assertThat(analysis.at("/filter/user_synonyms/rules_index").asText()).isEqualTo("documents-dictionary");
        assertThat(analysis.at("/analyzer/" + AnalysisSettings.SEARCH_ANALYZER + "/filter").toString())
                .isEqualTo("[\"user_stopwords\",\"user_synonyms\"]");
        assertThat(analysis.at("/analyzer/" + AnalysisSettings.INDEX_ANALYZER + "/filter").toString()).isEqualTo("[\"user_stopwords\"]");
        assertThat(AnalysisSettings.of(Dictionary.EMPTY, "x", mapper).at("/filter/user_stopwords/stopwords").asText()).isEqualTo("_none_");
    }

    private static Dictionary next(List<String> words, List<String> rules) {
        return Dictionary.EMPTY.next(words, List.of(), rules, NOW);
    }
}
