package cn.docsearch.ingest.parse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/** Documents in every supported format, written by the tests from the project's own sample text. */
public final class Fixtures {
    public static final String SPEECH_TITLE = "在全县安全生产工作会议上的讲话";
    public static final String SPEECH = SPEECH_TITLE + "\n"
            + "同志们：\n"
            + "今天召开全县安全生产工作会议，主要任务是部署重点工作。下面，我讲三点意见。\n"
            + "第一是提高思想认识。安全生产事关人民群众生命财产安全，必须坚持人民至上。\n"
            + "第二是压实工作责任。各乡镇要落实属地管理责任，xx镇**同志要牵头抓总。\n"
            + "第三是抓好隐患排查。要建立问题清单和整改台账。\n"
            + "2023年1月17日";

    private Fixtures() {
    }

    public static byte[] text(String text, Charset charset) {
        return text.getBytes(charset);
    }

    public static byte[] withBom(byte[] bom, byte[] content) {
        byte[] all = new byte[bom.length + content.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(content, 0, all, bom.length, content.length);
        return all;
    }

    /** A Word document with real heading styles (heading 1, heading 2) and core properties. */
    public static byte[] docx() {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFStyles styles = document.createStyles();
            addHeadingStyle(styles, 1);
            addHeadingStyle(styles, 2);
            document.getProperties().getCoreProperties().setTitle("关于推进营商环境优化的工作报告");
            document.getProperties().getCoreProperties().setCreator("青禾县发展改革局");
            paragraph(document, "Heading1", "一、工作进展");
            paragraph(document, null, "今年以来，我县深化放管服改革，企业开办时间压缩至1个工作日。");
            paragraph(document, "Heading2", "（一）政务服务");
            paragraph(document, null, "推行一件事一次办，群众满意度持续提升。");
            paragraph(document, "Heading1", "二、下一步打算");
            paragraph(document, null, "持续优化营商环境，激发市场主体活力。");
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addHeadingStyle(XWPFStyles styles, int level) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId("Heading" + level);
        style.setType(STStyleType.PARAGRAPH);
        style.addNewName().setVal("heading " + level);
        style.addNewPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(level - 1));
        styles.addStyle(new XWPFStyle(style));
    }

    private static void paragraph(XWPFDocument document, String style, String text) {
        XWPFParagraph paragraph = document.createParagraph();
        if (style != null) {
            paragraph.setStyle(style);
        }
        paragraph.createRun().setText(text);
    }

    public static byte[] pptx() {
        try (XMLSlideShow slides = new XMLSlideShow(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : new String[] {"乡村振兴工作汇报", "一、产业振兴：特色种植面积扩大到五万亩。", "二、人才振兴：引进农业技术人员三十名。"}) {
                XSLFSlide slide = slides.createSlide();
                XSLFTextBox box = slide.createTextBox();
                box.setAnchor(new java.awt.Rectangle(50, 50, 600, 100));
                box.setText(text);
            }
            slides.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] xlsx() {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = workbook.createSheet("重点项目");
            String[][] rows = {{"项目名称", "总投资（亿元）"}, {"高标准农田建设", "3.2"}, {"县城污水处理厂扩建", "1.5"}};
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An OpenDocument text: a zip whose mimetype entry comes first, uncompressed. */
    public static byte[] odt() {
        String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                + "<office:body><office:text>"
                + "<text:h text:outline-level=\"1\">党支部学习计划</text:h>"
                + "<text:h text:outline-level=\"2\">一、学习内容</text:h>"
                + "<text:p>认真学习党的二十大精神，深刻领会中国式现代化的本质要求。</text:p>"
                + "<text:h text:outline-level=\"2\">二、学习方式</text:h>"
                + "<text:p>坚持集中学习与个人自学相结合，每月开展一次专题研讨。</text:p>"
                + "</office:text></office:body></office:document-content>";
        String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                + "</manifest:manifest>";
        return zipWithStoredMimetype("application/vnd.oasis.opendocument.text",
                Map.of("content.xml", content, "META-INF/manifest.xml", manifest));
    }

    public static byte[] epub() {
        String container = "<?xml version=\"1.0\"?><container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
                + "<rootfiles><rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>";
        String opf = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\" unique-identifier=\"id\">"
                + "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>基层治理案例汇编</dc:title>"
                + "<dc:creator>青禾县民政局</dc:creator><dc:identifier id=\"id\">qh-001</dc:identifier><dc:language>zh</dc:language></metadata>"
                + "<manifest><item id=\"c1\" href=\"chapter1.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
                + "<spine><itemref idref=\"c1\"/></spine></package>";
        String chapter = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>第一章</title></head><body>"
                + "<h1>第一章 网格化管理</h1><p>青禾县把全县划分为三百个网格，每个网格配备一名专职网格员。</p>"
                + "<h2>第一节 主要做法</h2><p>网格员每日巡查，问题当天发现、当天处置。</p></body></html>";
        return zipWithStoredMimetype("application/epub+zip", Map.of("META-INF/container.xml", container,
                "OEBPS/content.opf", opf, "OEBPS/chapter1.xhtml", chapter));
    }

    /** RTF writes Chinese as \\uN escapes. */
    public static byte[] rtf() {
        StringBuilder rtf = new StringBuilder("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 ");
        for (String line : new String[] {"关于做好防汛工作的通知", "各乡镇：", "请立即落实防汛责任，做好人员转移准备。"}) {
            for (char c : line.toCharArray()) {
                rtf.append(c < 128 ? String.valueOf(c) : "\\u" + (int) (short) c + "?");
            }
            rtf.append("\\par ");
        }
        return rtf.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One page holding only an image: what a scanner produces. */
    public static byte[] scannedPdf() {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(200, 100, java.awt.image.BufferedImage.TYPE_INT_RGB);
            PDImageXObject xobject = LosslessFactory.createFromImage(document, image);
            try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                stream.drawImage(xobject, 50, 500);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encryptedPdf() {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                stream.beginText();
                stream.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                stream.newLineAtOffset(50, 700);
                stream.showText("Confidential meeting minutes");
                stream.endText();
            }
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first part of a real file: what an interrupted copy leaves. */
    /** What a hostile user sent: a PDF header, then random bytes (seeded, so every run sends the same). */
    public static byte[] randomAfterPdfHeader() {
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        byte[] random = new byte[8192];
        new java.util.Random(24).nextBytes(random);
        return withBom(header, random);
    }

    /**
     * Characters that carry no text, one of each kind the text rule removes: BOM, zero-width space, joiner and
     * non-joiner, direction marks and embeddings, word joiner, soft hyphen, C1 NEL, tag characters (U+E0041 U+E007F).
     */
    public static final String INVISIBLE = "\uFEFF\u200B\u200D\u200C\u200E\u200F\u202A\u202C\u2060\u00AD\u0085"
            + "\uDB40\uDC41\uDB40\uDC7F";

    public static byte[] truncated(byte[] complete) {
        return java.util.Arrays.copyOf(complete, complete.length / 3);
    }

    /** Start of an ELF executable, padded. */
    public static byte[] executable() {
        byte[] bytes = new byte[4096];
        byte[] header = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(header, 0, bytes, 0, header.length);
        bytes[16] = 2; // ET_EXEC
        bytes[18] = 0x3E; // x86-64
        return bytes;
    }

    public static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] zip(Map<String, byte[]> entries) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] zipWithStoredMimetype(String mimetype, Map<String, String> entries) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            byte[] type = mimetype.getBytes(StandardCharsets.US_ASCII);
            ZipEntry first = new ZipEntry("mimetype");
            first.setMethod(ZipEntry.STORED);
            first.setSize(type.length);
            CRC32 crc = new CRC32();
            crc.update(type);
            first.setCrc(crc.getValue());
            zip.putNextEntry(first);
            zip.write(type);
            zip.closeEntry();
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
