package cn.docsearch.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import cn.docsearch.ingest.document.DocumentRefusedException;

/** Every format and encoding, parsed for real by Tika, checked for text, title, headings and metadata. */
class TikaDocumentParserTest {
    private static final int LIMIT = 100_000;
    private static final TikaDocumentParser PARSER = new TikaDocumentParser();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "GBK", "GB18030", "UTF-16LE", "UTF-16BE"})
    void plainTextInEveryChineseEncodingComesOutExactly(String encoding) throws IOException {
        Charset charset = Charset.forName(encoding);
        byte[] bytes = Fixtures.text(Fixtures.SPEECH, charset);
        if (encoding.startsWith("UTF-16")) {
            bytes = Fixtures.withBom(encoding.endsWith("LE") ? new byte[] {(byte) 0xFF, (byte) 0xFE} : new byte[] {(byte) 0xFE, (byte) 0xFF}, bytes);
        }
        ParsedDocument document = parse("讲话.txt", bytes);

        assertThat(document.detectedType()).isEqualTo("text/plain");
        assertThat(document.body()).isEqualTo(Fixtures.SPEECH);
        assertThat(document.title()).isEqualTo(Fixtures.SPEECH_TITLE);
        assertThat(document.documentDate()).isEqualTo("2023-01-17");
        assertThat(headingPaths(document)).contains(List.of("第一是提高思想认识"), List.of("第二是压实工作责任"));
        assertThat(document.body()).contains("xx镇**同志");
    }

    @Test
    void utf8WithBomAndBig5() throws IOException {
        ParsedDocument bom = parse("bom.txt", Fixtures.withBom(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                Fixtures.text(Fixtures.SPEECH, StandardCharsets.UTF_8)));
        assertThat(bom.body()).isEqualTo(Fixtures.SPEECH);

        String traditional = "關於加強基層治理的報告\n一、基本情況\n本縣推進網格化管理，成效明顯。\n二、下一步工作\n持續完善服務體系。";
        ParsedDocument big5 = parse("報告.txt", Fixtures.text(traditional, Charset.forName("Big5")));
        assertThat(big5.body()).isEqualTo(traditional);
        assertThat(big5.title()).isEqualTo("關於加強基層治理的報告");
        assertThat(headingPaths(big5)).containsExactly(List.of("一、基本情況"), List.of("二、下一步工作"));
    }

    @Test
    void markdownHeadingsBecomeTheHierarchy() throws IOException {
        String markdown = "# 学习笔记\n\n## 一、主要收获\n\n深刻理解了新发展理念。\n\n### （一）关于创新\n\n创新是第一动力。\n";
        ParsedDocument document = parse("笔记.md", markdown.getBytes(StandardCharsets.UTF_8));
        assertThat(document.title()).isEqualTo("学习笔记");
        assertThat(document.sections()).containsExactly(
                new Section(List.of("一、主要收获"), List.of("深刻理解了新发展理念。")),
                new Section(List.of("一、主要收获", "（一）关于创新"), List.of("创新是第一动力。")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "GBK"})
    void htmlWithMetaCharsetAndHeadings(String encoding) throws IOException {
        String html = "<html><head><meta charset=\"" + encoding + "\"><title>防汛工作通知</title></head><body>"
                + "<h1>防汛工作通知</h1><h2>一、总体要求</h2><p>坚持人民至上、生命至上。</p>"
                + "<h2>二、工作措施</h2><p>加强值班值守，严格执行领导带班制度。</p><p>青禾县防汛办</p></body></html>";
        ParsedDocument document = parse("notice.html", html.getBytes(Charset.forName(encoding)));
        assertThat(document.detectedType()).isEqualTo("text/html");
        assertThat(document.title()).isEqualTo("防汛工作通知");
        assertThat(document.sections()).containsExactly(
                new Section(List.of("一、总体要求"), List.of("坚持人民至上、生命至上。")),
                new Section(List.of("二、工作措施"), List.of("加强值班值守，严格执行领导带班制度。", "青禾县防汛办")));
    }

    @Test
    void docxHeadingStylesTitleAndAuthor() throws IOException {
        ParsedDocument document = parse("report.docx", Fixtures.docx());
        assertThat(document.detectedType()).isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(document.title()).isEqualTo("关于推进营商环境优化的工作报告");
        assertThat(document.author()).isEqualTo("青禾县发展改革局");
        assertThat(document.sections()).containsExactly(
                new Section(List.of("一、工作进展"), List.of("今年以来，我县深化放管服改革，企业开办时间压缩至1个工作日。")),
                new Section(List.of("一、工作进展", "（一）政务服务"), List.of("推行一件事一次办，群众满意度持续提升。")),
                new Section(List.of("二、下一步打算"), List.of("持续优化营商环境，激发市场主体活力。")));
    }

    @Test
    void legacyWordDoc() throws IOException {
        ParsedDocument document = parse("report.doc", Fixtures.resource("report.doc"));
        assertThat(document.detectedType()).isEqualTo("application/msword");
        assertThat(document.title()).isEqualTo("关于青禾县数字乡村建设的调研报告");
        assertThat(document.body()).contains("全县已建成5G基站320个", "推动数字经济与乡村振兴深度融合");
        assertThat(document.sections()).contains(new Section(List.of("二、存在的主要问题"),
                List.of("一是数字基础设施运维投入不足，部分偏远村组信号不稳定。", "二是农民数字技能偏弱，线上销售渠道利用不充分。")));
    }

    @Test
    void pdfWithEmbeddedChineseFont() throws IOException {
        ParsedDocument document = parse("report.pdf", Fixtures.resource("report.pdf"));
        assertThat(document.detectedType()).isEqualTo("application/pdf");
        assertThat(document.pageCount()).isEqualTo(2);
        assertThat(document.title()).isEqualTo("关于青禾县数字乡村建设的调研报告");
        assertThat(document.body()).contains("全县已建成5G基站320个，行政村光纤通达率达到100%");
        assertThat(headingPaths(document)).contains(List.of("一、基本情况"), List.of("三、下一步工作建议"));
    }

    @Test
    void pptxXlsxOdtRtfAndEpub() throws IOException {
        ParsedDocument pptx = parse("汇报.pptx", Fixtures.pptx());
        assertThat(pptx.body()).contains("乡村振兴工作汇报", "特色种植面积扩大到五万亩", "引进农业技术人员三十名");

        ParsedDocument xlsx = parse("项目.xlsx", Fixtures.xlsx());
        assertThat(xlsx.body()).contains("高标准农田建设", "县城污水处理厂扩建", "3.2");

        ParsedDocument odt = parse("计划.odt", Fixtures.odt());
        assertThat(odt.detectedType()).isEqualTo("application/vnd.oasis.opendocument.text");
        assertThat(odt.title()).isEqualTo("党支部学习计划");
        assertThat(headingPaths(odt)).contains(List.of("一、学习内容"), List.of("二、学习方式"));

        ParsedDocument rtf = parse("通知.rtf", Fixtures.rtf());
        assertThat(rtf.detectedType()).isEqualTo("application/rtf");
        assertThat(rtf.title()).isEqualTo("关于做好防汛工作的通知");
        assertThat(rtf.body()).contains("请立即落实防汛责任，做好人员转移准备。");

        ParsedDocument epub = parse("汇编.epub", Fixtures.epub());
        assertThat(epub.detectedType()).isEqualTo("application/epub+zip");
        assertThat(epub.title()).isEqualTo("基层治理案例汇编");
        assertThat(epub.author()).isEqualTo("青禾县民政局");
        assertThat(epub.body()).contains("每个网格配备一名专职网格员", "问题当天发现、当天处置");
    }

    @Test
    void theBytesDecideTheTypeNotTheName() throws IOException {
        ParsedDocument document = parse("looks-like.pdf", Fixtures.docx());
        assertThat(document.detectedType()).isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(document.title()).isEqualTo("关于推进营商环境优化的工作报告");
    }

    @Test
    void badFilesAreRefusedWithAReason() {
        assertRefused("empty.txt", new byte[0], 400, "empty-file");
        assertRefused("setup.exe", Fixtures.executable(), 415, "unsupported-type");
        assertRefused("notes.txt", Fixtures.executable(), 415, "unsupported-type");
        assertRefused("broken.docx", Fixtures.truncated(Fixtures.docx()), 422, "unparseable-document");
        assertRefused("broken.pdf", Fixtures.truncated(Fixtures.resource("report.pdf")), 422, "unparseable-document");
        assertRefused("secret.pdf", Fixtures.encryptedPdf(), 422, "encrypted-document");
        assertRefused("scan.pdf", Fixtures.scannedPdf(), 422, "no-text-layer");
    }

    /** Tika's own reason names its parser class and a hash code (TIKA-198 ... PDFParser@40d077b1): never passed on. */
    @Test
    void aFileThatIsNotTheFormatItClaimsIsRefusedInTheCallersTerms() {
        assertThatThrownBy(() -> parse("随机.pdf", Fixtures.randomAfterPdfHeader()))
                .isInstanceOfSatisfying(DocumentRefusedException.class, e -> {
                    assertThat(e.status()).as(e.getMessage()).isEqualTo(422);
                    assertThat(e.problemType()).isEqualTo("unparseable-document");
                    assertThat(e.getMessage())
                            .isEqualTo("the file could not be read as PDF: it is damaged, truncated or not a PDF file")
                            .doesNotContain("org.", "@", "TIKA", "Exception", "Parser");
                });
        assertThatThrownBy(() -> parse("坏.docx", Fixtures.truncated(Fixtures.docx())))
                .isInstanceOfSatisfying(DocumentRefusedException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("the file could not be read as DOCX: it is damaged, truncated or not a DOCX file"));
    }

    /** HTML reads a C1 control as U+FFFD, which carries no text either: a block of only that is no paragraph. */
    @Test
    void charactersThatCarryNoTextLeaveEveryBlockAndProperty() throws IOException {
        String html = "<html><head><meta charset=\"UTF-8\"><title>\u200B乡村振兴\u200F工作报告</title>"
                + "<meta name=\"author\" content=\"\u202A县政府\u202C办公室\"></head><body>"
                + "<h1>\uFEFF一、总体\u200B情况</h1><p>今年以来，我县\u2060扎实推进乡村振兴。\u200D</p>"
                + "<p>" + Fixtures.INVISIBLE + "</p><p>二〇二四年\u00AD工作\uDB40\uDC41要点</p></body></html>";
        ParsedDocument document = parse("报告.html", html.getBytes(StandardCharsets.UTF_8));

        assertThat(document.title()).isEqualTo("乡村振兴工作报告");
        assertThat(document.author()).isEqualTo("县政府办公室");
        assertThat(headingPaths(document)).containsExactly(List.of("一、总体情况"));
        assertThat(document.sections().get(0).paragraphs()).containsExactly("今年以来，我县扎实推进乡村振兴。", "二〇二四年工作要点");
        assertThat(document.body()).isEqualTo("一、总体情况\n今年以来，我县扎实推进乡村振兴。\n二〇二四年工作要点");
    }

    @Test
    void aTextFileOfOnlyCharactersThatCarryNoTextHasNoText() {
        byte[] bytes = (Fixtures.INVISIBLE + "\n" + Fixtures.INVISIBLE + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parse("空白.txt", bytes))
                .isInstanceOfSatisfying(DocumentRefusedException.class, e -> {
                    assertThat(e.status()).as(e.getMessage()).isEqualTo(422);
                    assertThat(e.problemType()).isEqualTo("no-text");
                    assertThat(e.getMessage()).contains("only control, zero-width or format characters");
                });
    }

    @Test
    void textOverTheLimitIsStoppedWhileParsing() throws IOException {
        Path file = write("long.txt", "字".repeat(2_000).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PARSER.parse(file, "long.txt", PARSER.detect(file, "long.txt"), 1_000))
                .isInstanceOfSatisfying(DocumentRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("1000");
                });
    }

    private void assertRefused(String name, byte[] bytes, int status, String type) {
        assertThatThrownBy(() -> parse(name, bytes))
                .as(name)
                .isInstanceOfSatisfying(DocumentRefusedException.class, e -> {
                    assertThat(e.status()).as(name + ": " + e.getMessage()).isEqualTo(status);
                    assertThat(e.problemType()).as(name + ": " + e.getMessage()).isEqualTo(type);
                });
    }

    private ParsedDocument parse(String name, byte[] bytes) throws IOException {
        Path file = write(name, bytes);
        return PARSER.parse(file, name, PARSER.detect(file, name), LIMIT);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "upload", ".bin");
        Files.write(file, bytes);
        return file;
    }

    private static List<List<String>> headingPaths(ParsedDocument document) {
        return document.sections().stream().map(Section::headings).toList();
    }
}
