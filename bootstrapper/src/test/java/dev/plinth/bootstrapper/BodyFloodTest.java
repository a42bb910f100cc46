package dev.plinth.bootstrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.bootstrapper.infra.Infrastructure;
import dev.plinth.testkit.wait.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four concurrent 200 MB posts at a time, to a capped route (declared and chunked), to the upload
 * route and to an app, against a whole platform in a child JVM whose heap (768 MiB) could not hold
 * the four bodies: if anything buffered them, the platform would die of it. Health is asked
 * throughout; the bodies come from a generator, never from memory.
 */
class BodyFloodTest {

    private static final long BODY = 200L * 1000 * 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path data;

    @Test
    void fourConcurrent200MegabytePostsToAnyRouteLeaveThePlatformHealthy() throws Exception {
        try (PlatformProcess platform = new PlatformProcess(TestPlatforms.environment(data), "768m").start()) {
            URI gateway = platform.url();
            Http http = new Http(gateway);
            String admin = http.login(Infrastructure.ADMIN_USER, platform.adminPassword());
            assertEquals(201, http.upload("/api/apps", "package", "hello-http-1.0.0.zip", ExamplePackages.v1(), admin).status());
            assertEquals(201, http.post("/api/apps/hello-http/deployments", Map.of("version", "1.0.0", "instances", 1), admin).status());
            new Deployments(http, admin, "hello-http").awaitRunning("1.0.0", 1, Duration.ofMinutes(3));

            HealthWatch health = new HealthWatch(gateway);
            health.start();
            try {
                // A capped route with the size declared: refused before the body, straight away.
                for (Outcome o : flood(gateway, "/api/ingest/car-1", "application/json", true, admin)) {
                    assertTrue(o.status() == 413 || o.failure() != null, o.toString());
                }
                // A capped route with a chunked body: refused at its limit, the rest never read.
                for (Outcome o : flood(gateway, "/api/auth/login", "application/json", false, null)) {
                    assertTrue(o.status() == 413 || o.failure() != null, o.toString());
                }
                // The upload route takes large bodies: streamed to disk and refused as not a zip, nothing stored.
                for (Outcome o : floodUploads(gateway, admin)) {
                    assertTrue(o.status() == 422 || o.status() == 413, o.toString());
                }
                // An app decides what it takes (this one answers without reading): the gateway only streams.
                for (Outcome o : flood(gateway, "/apps/hello-http/upload", "application/octet-stream", false, null)) {
                    assertTrue(o.status() > 0 || o.failure() != null, o.toString());
                }
            } finally {
                health.stop();
            }
            assertTrue(platform.isAlive(), "the platform is alive (it exits on running out of memory):\n" + platform.tail());
            assertTrue(health.unanswered.isEmpty(), "health answered throughout: " + health.unanswered);
            assertTrue(health.polls > 0, "health was asked during the flood");
            Waits.until("health UP after the flood", Duration.ofSeconds(90),
                    () -> http.get("/health", null).text().contains("\"UP\"") ? Boolean.TRUE : null, () -> http.get("/health", null).text());
            JsonNode apps = http.get("/api/apps", admin).json();
            assertEquals(1, apps.size(), "only the deployed app is stored: " + apps);
            assertEquals(200, http.get("/apps/hello-http/", null).status(), "the app still answers through the gateway");

            // The refusal itself, as a client that waits for it sees it: 413 with the limit, before any body.
            String refusal = headOnly(gateway, "/api/auth/register", BODY);
            assertTrue(refusal.startsWith("HTTP/1.1 413"), refusal);
            assertTrue(refusal.contains("\"message\":\"the body of POST /api/auth/register is 200000000 bytes, more than 16 KiB,"
                    + " the most sign-in and registration may send; send less\""), refusal);
        }
    }

    record Outcome(String route, int status, String body, Throwable failure) {
        @Override
        public String toString() {
            return route + " -> " + (failure != null ? failure.toString() : status + " " + body);
        }
    }

    private static List<Outcome> flood(URI gateway, String path, String type, boolean declared, String token) throws Exception {
        List<CompletableFuture<Outcome>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(BODY));
            if (declared) {
                body = HttpRequest.BodyPublishers.fromPublisher(body, BODY);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", type).POST(body);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            running.add(send(path, request.build()));
        }
        return collect(running);
    }

    private static List<Outcome> floodUploads(URI gateway, String token) throws Exception {
        List<CompletableFuture<Outcome>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String boundary = "plinth-flood-" + i;
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"package\"; filename=\"huge.zip\"\r\n"
                    + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            long length = head.length + BODY + tail.length;
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new SequenceInputStream(new ByteArrayInputStream(head),
                            new SequenceInputStream(new Generated(BODY), new ByteArrayInputStream(tail)))), length);
            running.add(send("/api/apps", HttpRequest.newBuilder(gateway.resolve("/api/apps")).timeout(Duration.ofMinutes(8))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Authorization", "Bearer " + token).POST(body).build()));
        }
        return collect(running);
    }

    private static CompletableFuture<Outcome> send(String route, HttpRequest request) {
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Outcome(route, r.statusCode(), r.body().length() > 300 ? r.body().substring(0, 300) : r.body(), null))
                .exceptionally(e -> new Outcome(route, 0, null, e));
    }

    private static List<Outcome> collect(List<CompletableFuture<Outcome>> running) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<Outcome> f : running) {
            outcomes.add(f.get(10, TimeUnit.MINUTES));
        }
        return outcomes;
    }

    /** Sends only a request head declaring a large body and reads what the platform answers at once. */
    private static String headOnly(URI gateway, String path, long declared) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code size} bytes of a repeating pattern, made as they are read. */
    private static final class Generated extends InputStream {
        private long left;

        Generated(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 'p' : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'p');
            left -= n;
            return n;
        }
    }

    /** Asks the gateway's /health every half second on its own thread; notes every question left unanswered. */
    private static final class HealthWatch {
        private final URI gateway;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final ConcurrentLinkedQueue<String> unanswered = new ConcurrentLinkedQueue<>();
        volatile int polls;
        private Thread thread;

        HealthWatch(URI gateway) {
            this.gateway = gateway;
        }

        void start() {
            thread = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                while (running.get()) {
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(gateway.resolve("/health"))
                                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        JSON.readTree(r.body()).path("status").asText();
                        polls++;
                        // Paces the poller (twice a second), as a monitoring client would: not a wait.
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        unanswered.add(e.toString());
                    }
                }
            }, "health-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(30_000);
        }
    }
}
