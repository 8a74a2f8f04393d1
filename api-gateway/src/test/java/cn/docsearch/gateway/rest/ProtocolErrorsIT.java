package cn.docsearch.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.gateway.KafkaTestResource;
import cn.docsearch.gateway.ServicesDown;
import cn.docsearch.gateway.auth.rest.AuthenticationFilter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Requests the HTTP server refuses before any resource runs (malformed HTTP, sizes past its limits, a request-target
 * of {@code *}, an origin CORS refuses), sent as raw bytes: each is answered with its status and an
 * application/problem+json body with a {@code type}, never an empty answer.
 */
@QuarkusTest
@TestProfile(ServicesDown.class)
@WithTestResource(KafkaTestResource.class)
class ProtocolErrorsIT {
    private static final String KEY = AuthenticationFilter.API_KEY_HEADER + ": " + KafkaTestResource.ADMIN_KEY + "\r\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One raw request and the answer it must get (status 0, type null: any, as long as it is a problem). */
    private record Case(String name, byte[] request, int status, String type) {
        Case(String name, String request, int status, String type) {
            this(name, request.getBytes(StandardCharsets.ISO_8859_1), status, type);
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String search = "GET /api/v1/search?q=%E6%8A%A5%E5%91%8A HTTP/1.1\r\nHost: localhost\r\n" + KEY;
        cases.add(new Case("an origin CORS refuses", search + "Origin: https://elsewhere.example\r\n\r\n", 403,
                "urn:docsearch:problem:origin-not-allowed"));
        cases.add(new Case("a CORS preflight from a refused origin", "OPTIONS /api/v1/search HTTP/1.1\r\nHost: localhost\r\n"
                + "Origin: https://elsewhere.example\r\nAccess-Control-Request-Method: GET\r\n\r\n", 403,
                "urn:docsearch:problem:origin-not-allowed"));
        cases.add(new Case("Content-Length past every limit", "POST /api/v1/documents/files HTTP/1.1\r\nHost: localhost\r\n"
                + KEY + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 99999999999\r\n\r\n", 413,
                "urn:docsearch:problem:body-too-large"));
        cases.add(new Case("a header of 64 KiB", search + "X-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n", 431,
                "urn:docsearch:problem:headers-too-large"));
        StringBuilder many = new StringBuilder(search);
        for (int i = 0; i < 10_000; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        cases.add(new Case("10,000 headers", many.append("\r\n").toString(), 431,
                "urn:docsearch:problem:headers-too-large"));
        cases.add(new Case("a request line past the server's limit", "GET /api/v1/search?q=" + "a".repeat(70_000)
                + " HTTP/1.1\r\nHost: localhost\r\n" + KEY + "\r\n", 414, "urn:docsearch:problem:uri-too-long"));
        cases.add(new Case("a path no route takes", "GET /no-such-file.css HTTP/1.1\r\nHost: localhost\r\n\r\n", 404,
                "urn:docsearch:problem:not-found"));
        cases.add(new Case("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n", 404,
                "urn:docsearch:problem:not-found"));
        cases.add(new Case("GET *", "GET * HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, "urn:docsearch:problem:not-found"));
        cases.add(new Case("a control character in a header value", search + "X-Note: a\u0001b\r\n\r\n", 400,
                "urn:docsearch:problem:malformed-http"));
        cases.add(new Case("a NUL in a header value", search + "X-Note: a\u0000b\r\n\r\n", 400,
                "urn:docsearch:problem:malformed-http"));
        byte[] badUtf8 = ("GET /api/v1/search?q=\u00ff\u00fe HTTP/1.1\r\nHost: localhost\r\n" + KEY + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        // Vert.x takes these bytes as ISO-8859-1 characters: they reach the API, which answers (here 503: no services)
        cases.add(new Case("invalid UTF-8 in the query", badUtf8, 0, null));
        cases.add(new Case("invalid UTF-8 in the path", ("GET /api/v1/documents/\u00c3\u0028 HTTP/1.1\r\nHost: localhost\r\n"
                + KEY + "\r\n").getBytes(StandardCharsets.ISO_8859_1), 0, null));
        cases.add(new Case("chunked and Content-Length", "POST /api/v1/documents HTTP/1.1\r\nHost: localhost\r\n" + KEY
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400,
                "urn:docsearch:problem:malformed-http"));
        cases.add(new Case("a negative Content-Length", "POST /api/v1/documents HTTP/1.1\r\nHost: localhost\r\n" + KEY
                + "Content-Type: application/json\r\nContent-Length: -1\r\n\r\n", 400, "urn:docsearch:problem:malformed-http"));
        return cases;
    }

    @Test
    void everyRefusalOfTheHttpServerIsAProblem() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases()) {
            Answer answer = send(c.request());
            String problemType = null;
            try {
                JsonNode body = JSON.readTree(answer.body());
                problemType = body == null ? null : body.path("type").asText(null);
            } catch (IOException e) {
                // not JSON: reported below
            }
            boolean statusRight = c.status() == 0 ? answer.status() >= 400 : answer.status() == c.status();
            boolean typeRight = c.type() == null ? problemType != null : c.type().equals(problemType);
            if (!statusRight || !typeRight || !answer.contentType().startsWith("application/problem+json")) {
                wrong.add(c.name() + ": " + answer.status() + " " + answer.contentType() + " " + abbreviate(answer.body()));
            }
        }
        assertThat(wrong).isEmpty();
    }

    private record Answer(int status, String contentType, String body) {
    }

    /** Sends the bytes on a connection of their own and reads the answer's head and body. */
    private static Answer send(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it has read all of a large request
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int headEnd = -1;
            int contentLength = -1;
            try {
                for (int read; (read = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, read);
                    String text = received.toString(StandardCharsets.ISO_8859_1);
                    if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                        contentLength = contentLength(text.substring(0, headEnd));
                    }
                    if (headEnd >= 0 && contentLength >= 0 && received.size() >= headEnd + 4 + contentLength) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // what arrived is the answer
            }
            String text = received.toString(StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                return new Answer(-1, "", "(no answer)");
            }
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            String contentType = head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("");
            return new Answer(Integer.parseInt(head.substring(9, 12)), contentType, body);
        }
    }

    private static int contentLength(String head) {
        return head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).strip())).findFirst().orElse(-1);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
