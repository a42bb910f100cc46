package dev.plinth.kit.http;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.annotation.SingleResult;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits on a real Micronaut server over raw sockets, so the test controls exactly what is sent
 * and when: declared lengths, chunked bodies, 100-continue. The routes count what reaches them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BodyLimitsTest {

    static final AtomicLong REACHED = new AtomicLong();
    static final AtomicLong STREAMED = new AtomicLong();

    private ApplicationContext context;
    private int port;

    @BeforeAll
    void start() {
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "spec.name", "BodyLimitsTest",
                "micronaut.server.port", -1,
                "micronaut.server.host", "127.0.0.1",
                "micronaut.security.enabled", false,
                "plinth.http.body-limits.standard", "4KB",
                "plinth.http.body-limits.auth", "1KB",
                "plinth.http.body-limits.upload", "64KB",
                "plinth.http.body-limits.apps", "128KB"));
        context = server.getApplicationContext();
        port = server.getPort();
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @BeforeEach
    void reset() {
        REACHED.set(0);
        STREAMED.set(0);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyBodyIsSent() throws IOException {
        try (Socket socket = connect()) {
            // Only the head: the answer must come without the body.
            send(socket, head("POST", "/api/auth/login", "Content-Length: 209715200"));
            Reply reply = read(socket);
            assertEquals(413, reply.status(), reply.toString());
            assertTrue(reply.body().contains("\"message\":\"the body of POST /api/auth/login is 209715200 bytes, more than 1 KiB,"
                    + " the most sign-in and registration may send; send less\""), reply.body());
            assertTrue(reply.head().toLowerCase().contains("content-type: application/json"), reply.head());
        }
        assertEquals(0, REACHED.get(), "the route never ran");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithoutReachingTheRoute() throws IOException {
        try (Socket socket = connect()) {
            send(socket, head("POST", "/api/auth/login", "Transfer-Encoding: chunked"));
            Reply reply = null;
            try {
                for (int i = 0; i < 64 && reply == null; i++) {
                    send(socket, chunk(new byte[512]));
                    if (socket.getInputStream().available() > 0) {
                        reply = read(socket);
                    }
                }
            } catch (SocketException closed) {
                // the server may close while we still send; the answer is already there
            }
            if (reply == null) {
                reply = read(socket);
            }
            assertEquals(413, reply.status(), reply.toString());
            assertTrue(reply.body().contains("is more than 1 KiB, the most sign-in and registration may send"), reply.body());
        }
        assertEquals(0, REACHED.get(), "the route never ran");
    }

    @Test
    void aChunkedBodyWithinTheLimitReachesTheRouteWholeAndTheConnectionGoesOn() throws IOException {
        try (Socket socket = connect()) {
            byte[] body = "{\"username\":\"ada\",\"password\":\"correct-horse-battery\"}".getBytes(StandardCharsets.UTF_8);
            send(socket, head("POST", "/api/auth/login", "Transfer-Encoding: chunked", "Content-Type: application/json"));
            send(socket, chunk(Arrays.copyOfRange(body, 0, 10)));
            send(socket, chunk(Arrays.copyOfRange(body, 10, body.length)));
            send(socket, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Reply first = read(socket);
            assertEquals(200, first.status(), first.toString());
            assertEquals("got " + body.length + " bytes", first.body());

            send(socket, head("POST", "/api/things", "Content-Length: 5"));
            send(socket, "hello".getBytes(StandardCharsets.US_ASCII));
            Reply second = read(socket);
            assertEquals(200, second.status(), "the next request on the same connection: " + second);
            assertEquals("got 5 bytes", second.body());
        }
    }

    @Test
    void aHeldBodyIsInvitedWhenTheClientExpects100Continue() throws IOException {
        try (Socket socket = connect()) {
            send(socket, head("POST", "/api/things", "Transfer-Encoding: chunked", "Expect: 100-continue"));
            Reply invitation = read(socket);
            assertEquals(100, invitation.status(), invitation.toString());
            send(socket, chunk("abc".getBytes(StandardCharsets.US_ASCII)));
            send(socket, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Reply reply = read(socket);
            assertEquals(200, reply.status(), reply.toString());
            assertEquals("got 3 bytes", reply.body());
        }
    }

    @Test
    void aCompressedBodyIsRefusedWhereTheServerWouldInflateIt() throws IOException {
        try (Socket socket = connect()) {
            send(socket, head("POST", "/api/things", "Content-Length: 20", "Content-Encoding: gzip"));
            Reply reply = read(socket);
            assertEquals(415, reply.status(), reply.toString());
            assertTrue(reply.body().contains("without Content-Encoding (gzip is not accepted here)"), reply.body());
        }
        assertEquals(0, REACHED.get());
    }

    @Test
    void theUploadRouteStreamsALargeBodyAndCutsAChunkedOneOffAtItsLimit() throws IOException {
        try (Socket socket = connect()) {
            byte[] body = new byte[48 * 1024];
            send(socket, head("POST", "/api/apps", "Content-Length: " + body.length));
            send(socket, body);
            Reply reply = read(socket);
            assertEquals(200, reply.status(), reply.toString());
            assertEquals("streamed " + body.length + " bytes", reply.body());
        }
        try (Socket socket = connect()) {
            send(socket, head("POST", "/api/apps", "Content-Length: 70000"));
            assertEquals(413, read(socket).status(), "declared over the upload limit");
        }
        try (Socket socket = connect()) {
            send(socket, head("POST", "/api/apps", "Transfer-Encoding: chunked"));
            boolean closed = false;
            try {
                for (int i = 0; i < 200; i++) {
                    send(socket, chunk(new byte[1024]));
                }
                socket.setSoTimeout(10_000);
                closed = socket.getInputStream().read() < 0;
            } catch (SocketException e) {
                closed = true;
            }
            assertTrue(closed, "past 64 KiB the connection is closed");
        }
        assertTrue(STREAMED.get() <= 64 * 1024 + 48 * 1024 + 2048, "no more than the limit reached the route: " + STREAMED.get());
    }

    @Test
    void aPathWrittenToLookLikeTheUploadGetsTheStandardLimit() throws IOException {
        try (Socket socket = connect()) {
            send(socket, head("POST", "/api//apps", "Content-Length: 10000"));
            Reply reply = read(socket);
            assertEquals(413, reply.status(), reply.toString());
            assertTrue(reply.body().contains("more than 4 KiB, the most this route may send"), reply.body());
        }
    }

    // --- raw HTTP/1.1 ---------------------------------------------------------------------------

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static byte[] head(String method, String path, String... headers) {
        StringBuilder text = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] chunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    record Reply(int status, String head, String body) {
    }

    /** Reads one response: the head, then a Content-Length body (every answer here has one, or none). */
    private static Reply read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before an answer; got " + head);
            }
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String headText = head.toString(StandardCharsets.US_ASCII);
        int status = Integer.parseInt(headText.split(" ")[1]);
        int length = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Reply(status, headText, new String(body, StandardCharsets.UTF_8));
    }

    /** The routes: each says how much of the body reached it. */
    @Requires(property = "spec.name", value = "BodyLimitsTest")
    @Controller
    static class Routes {

        @Post("/api/auth/login")
        @Consumes(MediaType.ALL)
        String login(@Body byte[] body) {
            REACHED.incrementAndGet();
            return "got " + body.length + " bytes";
        }

        @Post("/api/things")
        @Consumes(MediaType.ALL)
        String things(@Body byte[] body) {
            REACHED.incrementAndGet();
            return "got " + body.length + " bytes";
        }

        @Post("/api/apps")
        @Consumes(MediaType.ALL)
        @SingleResult
        Publisher<String> upload(@Body Publisher<byte[]> body) {
            return Flux.from(body).map(bytes -> {
                STREAMED.addAndGet(bytes.length);
                return bytes.length;
            }).reduce(0L, Long::sum).map(total -> "streamed " + total + " bytes");
        }

    }
}
