package cn.docsearch.search.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SnippetTest {
    private static final String FIRST = "今年以来，全市上下认真贯彻中央和省委决策部署，经济运行总体平稳。";
    private static final String SECOND = "我们坚持把生态环境保护摆在突出位置，持续推进生活垃圾分类，城乡人居环境明显改善，群众满意度不断提高。";
    private static final String THIRD = "下一步，要在稳就业、保民生上下更大功夫，扎实办好各项民生实事，让发展成果更多更公平惠及全体人民。";
    private static final String FOURTH = "同时，要加强基层治理能力建设，健全网格化管理服务机制，把矛盾纠纷化解在萌芽状态。";

    @Test
    void aShortPassageIsShownWhole() {
        assertThat(Snippet.cut(FIRST, "经济", false)).isEqualTo(FIRST);
    }

    @Test
    void theCutStartsAtTheSentenceWithTheMatchesAndEndsAtASentenceEnd() {
        String passage = FIRST + SECOND.replace("垃圾分类", "<em>垃圾分类</em>") + THIRD + FOURTH + FIRST;

        String snippet = Snippet.cut(passage, "垃圾分类", false);

        assertThat(snippet).startsWith("…我们坚持").contains("<em>垃圾分类</em>").doesNotContain("<mark>");
        assertThat(visible(snippet).length()).isBetween(Snippet.MIN_CHARS, Snippet.MAX_CHARS + 2);
        assertThat(visible(snippet)).endsWith("。…");
    }

    @Test
    void thePassageFoundByMeaningHasItsAnsweringSentenceMarked() {
        String passage = FIRST + SECOND + THIRD + FOURTH;

        String snippet = Snippet.cut(passage, "怎样化解基层的矛盾纠纷", true);

        assertThat(snippet).contains("<mark>" + FOURTH + "</mark>");
        assertThat(visible(snippet).length()).isLessThanOrEqualTo(Snippet.MAX_CHARS + 2);
    }

    @Test
    void nothingIsMarkedWhenNoSentenceSharesAWordWithTheQuery() {
        String snippet = Snippet.cut(FIRST + SECOND, "鸟语花香", true);

        assertThat(snippet).doesNotContain("<mark>").startsWith("今年以来");
    }

    @Test
    void traditionalTextAnswersASimplifiedQuery() {
        String snippet = Snippet.cut(FIRST + "我們堅持推進垃圾分類。", "推进垃圾分类", true);

        assertThat(snippet).contains("<mark>我們堅持推進垃圾分類。</mark>");
    }

    @Test
    void aCutThroughAMatchKeepsTheTagsBalanced() {
        String sentence = "关于" + "加强".repeat(100) + "<em>基层治理</em>" + "工作".repeat(100) + "。";

        String snippet = Snippet.cut(sentence, "基层治理", true);

        assertThat(snippet).contains("<em>基层治理</em>").startsWith("…").endsWith("…");
        assertBalanced(snippet);
        assertThat(visible(snippet).length()).isLessThanOrEqualTo(Snippet.MAX_CHARS + 2);
    }

    @Test
    void aMarkAroundASentenceWithMatchesNestsTheTags() {
        String passage = FIRST + "我们要<em>化解</em>矛盾纠纷。" + THIRD;

        String snippet = Snippet.cut(passage, "化解矛盾", true);

        assertThat(snippet).contains("<mark>我们要<em>化解</em>矛盾纠纷。</mark>");
        assertBalanced(snippet);
    }

    @Test
    void entitiesCountAsOneCharacterAndAreNeverCut() {
        String passage = "A&amp;B 公司的报告&lt;摘要&gt;。" + SECOND + THIRD;

        String snippet = Snippet.cut(passage, "公司报告", true);

        assertThat(snippet).startsWith("<mark>A&amp;B 公司的报告&lt;摘要&gt;。</mark>");
    }

    @Test
    void theSnippetKnowsWhereItsPassageIs() {
        Snippet snippet = Snippet.of(new PassageHit(7, List.of("三、主要任务"), FIRST, 0.8), "经济", true);

        assertThat(snippet.position()).isEqualTo(7);
        assertThat(snippet.headings()).containsExactly("三、主要任务");
    }

    private static String visible(String html) {
        return html.replaceAll("<[^>]+>", "").replaceAll("&[a-z#0-9]+;", "x");
    }

    private static void assertBalanced(String html) {
        int depth = 0;
        for (String tag : html.replaceAll("[^<]*(<[^>]+>)[^<]*", "$1 ").trim().split(" ")) {
            if (tag.isEmpty()) {
                continue;
            }
            depth += tag.startsWith("</") ? -1 : 1;
            assertThat(depth).as(html).isBetween(0, 2);
        }
        assertThat(depth).as(html).isZero();
    }
}
