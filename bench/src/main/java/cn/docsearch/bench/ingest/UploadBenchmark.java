package cn.docsearch.bench.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.infra.CpuAccount;
import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.ingest.parse.Fixtures;

/**
 * Upload of files through the gateway, the way the loader sends them (multipart requests of 20 files, 4 at once):
 * Word documents, PDFs and GBK-encoded text in equal numbers, each made unique, until every file is answered; then
 * the same kind of corpus as one zip sent as a bulk job, until the job is done. Prints docs/s and MB/s of input, with
 * the CPU seconds of each process of the stack. Deletes what it added. Prints figures, asserts nothing.
 * Arguments: gateway URL, files per type, the launcher's state folder (.local).
 */
public final class UploadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1 on every side: Elasticsearch speaks nothing else, and the JDK client would upgrade the others to h2c. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static String apiKey;
    private static final int FILES_PER_REQUEST = 20;
    private static final int CLIENTS = 4;
    private static final Charset GBK = Charset.forName("GBK");

    private UploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        int perType = Integer.parseInt(args[1]);
        Path localDir = Path.of(args[2]);
        apiKey = LocalPlatform.adminKey(localDir);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());

        Map<String, byte[]> files = corpus(perType, UUID.randomUUID().toString().substring(0, 8));
        long bytes = files.values().stream().mapToLong(file -> file.length).sum();
        System.out.printf("%d files (%d docx, %d pdf, %d GBK txt), %.1f MB in all%n", files.size(), perType, perType,
                perType, bytes / 1e6);
        List<List<Map.Entry<String, byte[]>>> requests = new ArrayList<>();
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>(files.entrySet());
        for (int from = 0; from < entries.size(); from += FILES_PER_REQUEST) {
            requests.add(entries.subList(from, Math.min(entries.size(), from + FILES_PER_REQUEST)));
        }
        CpuAccount cpu = new CpuAccount(localDir);
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> answered = new ArrayList<>();
            for (List<Map.Entry<String, byte[]>> request : requests) {
                answered.add(clients.submit(() -> {
                    JsonNode receipt = JSON.readTree(post(gateway + "/api/v1/documents/files", request));
                    collectAccepted(receipt.path("items"), ids);
                    return null;
                }));
            }
            for (Future<?> future : answered) {
                future.get();
            }
        } finally {
            clients.shutdown();
        }
        report("files in requests of " + FILES_PER_REQUEST + ", " + CLIENTS + " at once", files.size(), bytes, started, cpu);

        Map<String, byte[]> zipped = corpus(perType, UUID.randomUUID().toString().substring(0, 8));
        byte[] zip = Fixtures.zip(zipped);
        cpu = new CpuAccount(localDir);
        started = System.nanoTime();
        String job = JSON.readTree(post(gateway + "/api/v1/jobs/files", List.of(Map.entry("corpus.zip", zip))))
                .path("id").asText();
        JsonNode done;
        do {
            Thread.sleep(200);
            done = JSON.readTree(send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/jobs/" + job)).GET()));
        } while (!"done".equals(done.path("state").asText()));
        collectAccepted(done.path("items"), ids);
        report("the same kind of files as one zip, a bulk job until done (zip of "
                + String.format("%.1f MB", zip.length / 1e6) + ")", zipped.size(),
                zipped.values().stream().mapToLong(file -> file.length).sum(), started, cpu);

        for (String id : ids) {
            send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/documents/" + id)).DELETE());
        }
        System.out.printf("deleted the %d documents again%n", ids.size());
    }

    private static void collectAccepted(JsonNode items, List<String> ids) {
        for (JsonNode item : items) {
            if (!"accepted".equals(item.path("status").asText())) {
                throw new IllegalStateException("not accepted: " + item);
            }
            ids.add(item.path("id").asText());
        }
    }

    private static void report(String what, int files, long bytes, long started, CpuAccount cpu) {
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%s: %d files in %.1f s = %.0f docs/s, %.2f MB/s%n%s%n", what, files, seconds, files / seconds,
                bytes / 1e6 / seconds, cpu.report());
    }

    /** Equal numbers of docx, pdf and GBK txt, each with a marker that makes its text new to the platform. */
    private static Map<String, byte[]> corpus(int perType, String run) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] pdf = Fixtures.resource("report.pdf");
        for (int i = 0; i < perType; i++) {
            String marker = run + "-" + i;
            files.put("report-" + marker + ".docx", docx(marker));
            files.put("report-" + marker + ".pdf", pdfWithMarker(pdf, marker));
            files.put("speech-" + marker + ".txt", (Fixtures.SPEECH + "\n（第" + i + "次会议，编号" + marker + "）")
                    .repeat(3).getBytes(GBK));
        }
        return files;
    }

    private static byte[] docx(String marker) throws IOException {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText("关于推进营商环境优化的工作报告（" + marker + "）");
            for (String paragraph : Fixtures.SPEECH.split("\n")) {
                document.createParagraph().createRun().setText(paragraph);
            }
            document.write(out);
            return out.toByteArray();
        }
    }

    /** The Chinese report fixture with a page of its own that carries the marker (a standard font has no Chinese). */
    private static byte[] pdfWithMarker(byte[] fixture, String marker) throws IOException {
        try (PDDocument document = Loader.loadPDF(fixture); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText("Archive number " + marker);
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    private static String post(String url, List<Map.Entry<String, byte[]>> files) throws Exception {
        String boundary = "bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : files) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getKey()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(file.getValue());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.header(LocalPlatform.API_KEY_HEADER, apiKey).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.build().uri() + " -> " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
