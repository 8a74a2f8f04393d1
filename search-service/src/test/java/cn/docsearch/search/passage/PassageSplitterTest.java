package cn.docsearch.search.passage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PassageSplitterTest {

    @Test
    void shortParagraphsOfOneSectionShareAPassageAndSectionsNeverMix() {
        List<Passage> passages = PassageSplitter.split(List.of(
                new PassageSplitter.Section(List.of(), List.of("同志们：", "今天召开全县安全生产工作会议。")),
                new PassageSplitter.Section(List.of("一、总体情况", "（一）隐患排查"), List.of("全年排查隐患一千二百处。", "整改率达到百分之九十八。"))),
                null);
        assertThat(passages).extracting(Passage::position).containsExactly(0, 1);
        assertThat(passages.get(0).headings()).isEmpty();
        assertThat(passages.get(0).text()).isEqualTo("同志们：\n今天召开全县安全生产工作会议。");
        assertThat(passages.get(1).headings()).containsExactly("一、总体情况", "（一）隐患排查");
        assertThat(passages.get(1).text()).isEqualTo("全年排查隐患一千二百处。\n整改率达到百分之九十八。");
    }

    @Test
    void aLongParagraphIsCutBetweenSentencesNeverInside() {
        String sentence = "我们坚持把防汛抗旱作为头等大事来抓，逐级压实责任，确保人员转移到位。"; // 34 characters
        String paragraph = sentence.repeat(30);
        List<Passage> passages = PassageSplitter.split(List.of(
                new PassageSplitter.Section(List.of("二、主要做法"), List.of(paragraph))), null);
        assertThat(passages).hasSizeGreaterThan(2);
        for (Passage passage : passages) {
            assertThat(passage.text().length()).isLessThanOrEqualTo(PassageSplitter.MAX_CHARS);
            assertThat(passage.text()).startsWith("我们坚持").endsWith("。");
            assertThat(passage.headings()).containsExactly("二、主要做法");
        }
        assertThat(String.join("", passages.stream().map(Passage::text).toList())).isEqualTo(paragraph);
    }

    @Test
    void aSentenceOverTheLimitIsCutAtTheLimit() {
        String endless = "长".repeat(1000);
        List<Passage> passages = PassageSplitter.split(List.of(new PassageSplitter.Section(List.of(), List.of(endless))), null);
        assertThat(passages).extracting(p -> p.text().length()).containsExactly(400, 400, 200);
    }

    @Test
    void withoutSectionsTheBodyIsSplitAtLineBreaks() {
        List<Passage> passages = PassageSplitter.split(null, "第一段。\n\n第二段。");
        assertThat(passages).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo("第一段。\n第二段。"));
    }
}
