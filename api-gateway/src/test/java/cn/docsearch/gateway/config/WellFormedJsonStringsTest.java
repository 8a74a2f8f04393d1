package cn.docsearch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

class WellFormedJsonStringsTest {
    private final ObjectMapper mapper = new ObjectMapper();

    WellFormedJsonStringsTest() {
        new WellFormedJsonStrings().customize(mapper);
    }

    record Submission(String content, List<String> tags) {
    }

    @Test
    void unpairedSurrogatesBecomeReplacementCharactersInFieldsAndLists() throws Exception {
        Submission read = mapper.readValue("{\"content\":\"\\udfff\\udfff\\ud800\",\"tags\":[\"\\ud800通知\",\"正常\"]}",
                Submission.class);

        assertThat(read.content()).isEqualTo("\uFFFD\uFFFD\uFFFD");
        assertThat(read.tags()).containsExactly("\uFFFD通知", "正常");
        Map<String, String> map = mapper.readValue("{\"text\":\"\\u0000\\ud800\"}", new TypeReference<>() { });
        assertThat(map.get("text")).isEqualTo("\u0000\uFFFD");
    }

    @Test
    void pairedSurrogatesAndPlainTextAreKeptAsTheyAre() throws Exception {
        String text = "𠀀乡村振兴\uD83D\uDC68\u200D\uD83D\uDC69";
        assertThat(WellFormedJsonStrings.wellFormed(text)).isSameAs(text);
        assertThat(mapper.readValue(mapper.writeValueAsString(text), String.class)).isEqualTo(text);
    }
}
