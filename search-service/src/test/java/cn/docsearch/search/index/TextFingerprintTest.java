package cn.docsearch.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class TextFingerprintTest {
    private static final String REPORT = """
            今年以来，我县坚持农业农村优先发展，全面推进乡村振兴。一是抓好粮食生产，全年粮食播种面积稳定在四十二万亩以上，
            总产量再创新高。二是发展特色产业，新建高标准茶园一万二千亩，培育省级龙头企业三家，带动农户增收。三是改善人居环境，
            完成农村户厕改造五千八百户，生活垃圾集中收运处理实现行政村全覆盖。四是深化农村改革，稳妥推进宅基地制度改革试点，
            村级集体经济收入全部超过十万元。下一步，我们将继续巩固拓展脱贫攻坚成果，守住不发生规模性返贫底线。""";
    private static final String SAME_THEME = """
            今年以来，我市坚持把乡村振兴作为三农工作的总抓手。一是稳定粮食生产，落实耕地保护责任，建设高标准农田六万亩。
            二是壮大县域经济，培育农产品加工园区两个，新增家庭农场一百二十家。三是加强乡村治理，推广积分制管理，
            建成新时代文明实践站三百个。四是补齐基础设施短板，新改建农村公路二百公里，自来水普及率达到百分之九十八。""";

    @Test
    void theSameTextUploadedTwiceIsNearIdentical() {
        String asFile = "关于全面推进乡村振兴工作情况的报告\n" + REPORT.replace("，", ", ");
        String withOneSentenceChanged = REPORT.replace("培育省级龙头企业三家", "培育市级龙头企业五家");
        String inTraditional = REPORT.replace("农业农村", "農業農村").replace("发展", "發展").replace("产业", "產業");

        assertThat(TextFingerprint.nearIdentical(TextFingerprint.of(REPORT), TextFingerprint.of(asFile))).isTrue();
        assertThat(TextFingerprint.nearIdentical(TextFingerprint.of(REPORT), TextFingerprint.of(withOneSentenceChanged))).isTrue();
        assertThat(TextFingerprint.of(inTraditional)).isEqualTo(TextFingerprint.of(REPORT));
    }

    @Test
    void reportsOnTheSameThemeAreNot() {
        assertThat(Long.bitCount(TextFingerprint.of(REPORT) ^ TextFingerprint.of(SAME_THEME)))
                .isGreaterThan(TextFingerprint.NEAR_IDENTICAL_BITS + 8);
    }

    @Test
    void aShortTextHasNoFingerprintSoItIsNeverFolded() {
        // two members of one upload that share a project's name: most of each text, yet not copies
        assertThat(TextFingerprint.of("会议研究了e2ewrpcbgiqxy项目推进工作。")).isNull();
        assertThat(TextFingerprint.of("要抓好e2ewrpcbgiqxy项目落实。")).isNull();
        assertThat(TextFingerprint.of(REPORT.substring(0, TextFingerprint.MIN_LETTERS - 10))).isNull();
        assertThat(TextFingerprint.of(REPORT)).isNotNull();
    }

    /** Why short texts get none: texts sharing seven tenths of their letters in one run fold about one time in eight. */
    @Test
    void textsSharingSevenTenthsOfTheirLettersFoldNowAndThen() {
        Random random = new Random(28);
        int pairs = 2_000;
        int folded = 0;
        for (int i = 0; i < pairs; i++) {
            String shared = hanzi(random, 84);
            Long one = TextFingerprint.of(hanzi(random, 18) + shared + hanzi(random, 18));
            Long other = TextFingerprint.of(hanzi(random, 18) + shared + hanzi(random, 18));
            folded += TextFingerprint.nearIdentical(one, other) ? 1 : 0;
        }
        assertThat(folded).isBetween(pairs / 20, pairs / 4);
    }

    private static String hanzi(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x4E00 + random.nextInt(3_000)));
        }
        return text.toString();
    }
}
