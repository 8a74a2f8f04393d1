package cn.docsearch.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChineseStructureTest {

    @Test
    void numberingStylesNestByRank() {
        DocumentStructure structure = ChineseStructure.ofText(String.join("\n",
                "关于2024年工作的报告",
                "一、主要成绩",
                "（一）经济运行稳中有进。地区生产总值增长5.8%。",
                "1.工业生产回升",
                "规模以上工业增加值增长7%。",
                "2、投资保持稳定",
                "固定资产投资增长4%，其中1.5亿元用于民生。",
                "二、存在问题",
                "一是产业结构不优；二是创新能力不强。"));
        assertThat(structure.leadingLine()).isEqualTo("关于2024年工作的报告");
        assertThat(structure.sections()).containsExactly(
                new Section(List.of("一、主要成绩", "（一）经济运行稳中有进"), List.of("地区生产总值增长5.8%。")),
                new Section(List.of("一、主要成绩", "（一）经济运行稳中有进", "1.工业生产回升"), List.of("规模以上工业增加值增长7%。")),
                new Section(List.of("一、主要成绩", "（一）经济运行稳中有进", "2、投资保持稳定"), List.of("固定资产投资增长4%，其中1.5亿元用于民生。")),
                new Section(List.of("二、存在问题", "一是产业结构不优"), List.of("二是创新能力不强。")));
    }

    @Test
    void chaptersAndSections() {
        DocumentStructure structure = ChineseStructure.ofText(String.join("\n",
                "乡村治理读本", "第一章 总则", "第一节 目的", "为规范乡村治理工作，制定本读本。", "第二节 适用范围", "本读本适用于全县各行政村。",
                "第二章 组织", "村民委员会依法开展工作。"));
        assertThat(structure.sections()).extracting(Section::headings).containsExactly(
                List.of("第一章 总则", "第一节 目的"), List.of("第一章 总则", "第二节 适用范围"), List.of("第二章 组织"));
    }

    @Test
    void longNumberedSentencesStayParagraphsAndSentencesAreNotTitles() {
        String longLine = "1." + "各单位要高度重视".repeat(10);
        DocumentStructure structure = ChineseStructure.ofText("同志们：\n" + longLine + "\n谢谢大家。");
        assertThat(structure.leadingLine()).isNull();
        assertThat(structure.sections()).containsExactly(new Section(List.of(), List.of("同志们：", longLine, "谢谢大家。")));
    }

    @Test
    void wrappedPdfLinesJoinIntoParagraphs() {
        DocumentStructure structure = ChineseStructure.recover(List.of(Block.text(
                "标题行\n一、基本情况\n全县已建成5G基站320个，行政村\n光纤通达率达到100%。\n下一段开始。")), true);
        assertThat(structure.sections()).containsExactly(new Section(List.of("一、基本情况"),
                List.of("全县已建成5G基站320个，行政村光纤通达率达到100%。", "下一段开始。")));
    }

    @Test
    void datesInDigitsAndNumeralsPreferringTheSignature() {
        assertThat(DocumentDates.find("会议于2023年3月5日召开。\n县委办公室\n2023年4月1日")).contains(LocalDate.of(2023, 4, 1));
        assertThat(DocumentDates.find("根据2023年1月17日会议精神")).contains(LocalDate.of(2023, 1, 17));
        assertThat(DocumentDates.find("青禾县人民政府\n二〇二三年十二月二十一日")).contains(LocalDate.of(2023, 12, 21));
        assertThat(DocumentDates.find("二〇二四年十月十日")).contains(LocalDate.of(2024, 10, 10));
        assertThat(DocumentDates.find("2023年2月30日")).isEmpty();
        assertThat(DocumentDates.find("没有日期")).isEmpty();
    }
}
