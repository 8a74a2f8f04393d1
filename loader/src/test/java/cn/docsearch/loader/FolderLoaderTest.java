package cn.docsearch.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import cn.docsearch.client.api.DocumentsApi;

/**
 * The loader against a stand-in for the gateway's upload operation (the whole platform is LoaderEndToEndIT's): what it
 * reads from a folder, how it groups files into requests, what a second run skips, what it retries and under which
 * key, and how the platform's refusals end up in its summary.
 */
class FolderLoaderTest {
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");
    private static final String KEY = "test-key";

    @TempDir
    Path folder;

    private HttpServer gateway;
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final AtomicInteger unavailableAnswersLeft = new AtomicInteger();

    /** One request the stand-in received: its files, in order, and its headers that matter. */
    private record Upload(List<String> files, String idempotencyKey, String apiKey) {
    }

    @BeforeEach
    void startGateway() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/api/v1/documents/files", this::answerUpload);
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    @Test
    void scansTheFilesThePlatformTakesInAStableOrderLeavingHiddenOnesAndTheStateOut() throws IOException {
        write("b/报告.docx", "x");
        write("a.txt", "x");
        write("b/说明.MD", "x");
        write("图片.png", "x");
        write(".hidden.txt", "x");
        write(LoadState.FILE_NAME, "x");
        write("材料.zip", "x");

        assertThat(FolderLoader.scan(folder)).extracting(path -> folder.relativize(path).toString())
                .containsExactly("a.txt", "b/报告.docx", "b/说明.MD", "材料.zip");
    }

    @Test
    void groupsFilesByCountAndBytesAndSendsAZipAlone() throws IOException {
        List<Path> small = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            small.add(write(String.format("%02d.txt", i), "第" + i + "份"));
        }
        Path zip = write("材料.zip", "x");
        Path large = folder.resolve("large.pdf");
        try (RandomAccessFile sparse = new RandomAccessFile(large.toFile(), "rw")) {
            sparse.setLength(10L * 1024 * 1024);
        }
        Path larger = folder.resolve("larger.pdf");
        try (RandomAccessFile sparse = new RandomAccessFile(larger.toFile(), "rw")) {
            sparse.setLength(10L * 1024 * 1024);
        }
        List<Path> files = new ArrayList<>(small);
        files.add(zip);
        files.add(large);
        files.add(larger);

        List<List<Path>> requests = FolderLoader.requests(files);

        assertThat(requests).extracting(List::size).containsExactly(20, 20, 1, 6, 1);
        assertThat(requests.get(2)).containsExactly(zip);
        // 5 small files and the first 10 MiB in one request; the second 10 MiB would pass 16 MiB
        assertThat(requests.get(3)).endsWith(large);
        assertThat(requests.get(4)).containsExactly(larger);
    }

    @Test
    void aSecondRunSkipsWhatTheFirstStoredAndSendsOnlyNewFiles() throws Exception {
        IntStream.range(0, 25).forEach(i -> write("报告" + i + ".txt", "乡村振兴第" + i + "份材料"));

        FolderLoader.Summary first = loader().load(folder);
        assertThat(first.files()).isEqualTo(25);
        assertThat(first.accepted()).isEqualTo(25);
        assertThat(first.failures()).isEmpty();
        assertThat(uploads).extracting(upload -> upload.files().size()).containsExactlyInAnyOrder(20, 5);
        assertThat(uploads).allSatisfy(upload -> assertThat(upload.apiKey()).isEqualTo(KEY));
        assertThat(uploads.stream().flatMap(upload -> upload.files().stream())).hasSize(25).doesNotHaveDuplicates()
                .contains("报告0.txt", "报告24.txt");

        uploads.clear();
        write("报告25.txt", "新增的一份材料");
        FolderLoader.Summary second = loader().load(folder);
        assertThat(second.skipped()).isEqualTo(25);
        assertThat(second.accepted()).isEqualTo(1);
        assertThat(uploads).singleElement().extracting(Upload::files).isEqualTo(List.of("报告25.txt"));
    }

    @Test
    void aRefusedFileIsReportedWithThePlatformsReasonAndSentAgainNextRun() throws Exception {
        write("好的材料.txt", "工作总结");
        write("坏的材料.txt", "无法解析");

        FolderLoader.Summary first = loader().load(folder);
        assertThat(first.accepted()).isEqualTo(1);
        assertThat(first.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.path()).isEqualTo("坏的材料.txt");
            assertThat(failure.reason()).isEqualTo("坏的材料.txt: the file could not be parsed");
        });

        uploads.clear();
        FolderLoader.Summary second = loader().load(folder);
        assertThat(second.skipped()).isEqualTo(1);
        assertThat(uploads).singleElement().extracting(Upload::files).isEqualTo(List.of("坏的材料.txt"));
    }

    @Test
    void aSingleFileIsRetriedAfterA503UnderItsContentHash() throws Exception {
        Path file = write("讲话稿.txt", "同志们，今天召开全县经济工作会议");
        unavailableAnswersLeft.set(1);

        FolderLoader.Summary summary = loader().load(folder);

        assertThat(summary.accepted()).isEqualTo(1);
        assertThat(uploads).hasSize(2).extracting(Upload::idempotencyKey)
                .containsOnly(FolderLoader.contentHash(file));
    }

    private FolderLoader loader() {
        DocumentsApi documents = new DocumentsApi(GatewayClient.create(
                "http://127.0.0.1:" + gateway.getAddress().getPort(), KEY));
        return new FolderLoader(documents, 2, "测试", List.of(), null,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private void answerUpload(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<String> files = new ArrayList<>();
        Matcher name = FILE_NAME.matcher(body);
        while (name.find()) {
            files.add(name.group(1));
        }
        uploads.add(new Upload(files, exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                exchange.getRequestHeaders().getFirst(GatewayClient.API_KEY_HEADER)));
        if (unavailableAnswersLeft.getAndDecrement() > 0) {
            answer(exchange, 503, "application/problem+json",
                    "{\"type\":\"urn:docsearch:problem:broker-unavailable\",\"status\":503,\"detail\":\"Kafka is away\"}");
            return;
        }
        StringBuilder items = new StringBuilder();
        int accepted = 0;
        for (String file : files) {
            boolean refused = file.startsWith("坏");
            accepted += refused ? 0 : 1;
            items.append(items.length() == 0 ? "" : ",").append(refused
                    ? "{\"name\":\"" + file + "\",\"status\":\"refused\",\"problem\":{\"type\":\"urn:docsearch:problem:"
                            + "unparseable\",\"status\":422,\"detail\":\"" + file + ": the file could not be parsed\"}}"
                    : "{\"name\":\"" + file + "\",\"status\":\"accepted\",\"id\":\"id-" + file + "\",\"version\":1}");
        }
        answer(exchange, 200, "application/json", "{\"accepted\":" + accepted + ",\"duplicates\":0,\"refused\":"
                + (files.size() - accepted) + ",\"items\":[" + items + "]}");
    }

    private static void answer(HttpExchange exchange, int status, String type, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Path write(String name, String text) {
        try {
            Path file = folder.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
