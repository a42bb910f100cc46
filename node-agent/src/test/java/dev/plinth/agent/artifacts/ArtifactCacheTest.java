package dev.plinth.agent.artifacts;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArtifactCacheTest {

    private static final byte[] PACKAGE = "pretend this is a zip".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private ArtifactCache cache;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/p", exchange -> {
            requests.incrementAndGet();
            tokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
            int code = failuresLeft.getAndDecrement() > 0 ? 503 : status;
            if (code == 200) {
                exchange.sendResponseHeaders(200, PACKAGE.length);
                exchange.getResponseBody().write(PACKAGE);
            } else {
                exchange.sendResponseHeaders(code, -1);
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/p";
        cache = new ArtifactCache(dir.resolve("artifacts"), () -> "token-1", 1 << 20);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fetchesOnceWithTheTokenThenServesFromTheCache() throws Exception {
        String sha = sha256(PACKAGE);

        Path first = cache.fetch(sha, base, () -> false);
        Path second = cache.fetch(sha, base, () -> false);

        assertEquals(dir.resolve("artifacts").resolve(sha + ".zip"), first);
        assertEquals(first, second);
        assertEquals(1, requests.get());
        assertEquals(List.of("Bearer token-1"), tokens);
        assertEquals("pretend this is a zip", Files.readString(first));
    }

    @Test
    void retriesAServerErrorWithBackoff() throws Exception {
        failuresLeft.set(1);

        Path file = cache.fetch(sha256(PACKAGE), base, () -> false);

        assertEquals(2, requests.get());
        assertTrue(Files.exists(file));
    }

    @Test
    void doesNotRetryANotFound() {
        status = 404;

        PackageException e = assertThrows(PackageException.class, () -> cache.fetch(sha256(PACKAGE), base, () -> false));

        assertEquals("cannot fetch the package: HTTP 404 from " + base, e.getMessage());
        assertEquals(1, requests.get());
    }

    @Test
    void refusesAnInvalidChecksumBeforeFetching() {
        PackageException e = assertThrows(PackageException.class, () -> cache.fetch("../../etc/passwd", base, () -> false));

        assertTrue(e.getMessage().startsWith("the instance spec carries no valid sha256"), e.getMessage());
        assertEquals(0, requests.get());
    }

    @Test
    void fetchesAgainWhenTheCachedCopyIsDamaged() throws Exception {
        String sha = sha256(PACKAGE);
        Files.createDirectories(dir.resolve("artifacts"));
        Files.writeString(dir.resolve("artifacts").resolve(sha + ".zip"), "bit rot");

        Path file = cache.fetch(sha, base, () -> false);

        assertEquals("pretend this is a zip", Files.readString(file));
        assertEquals(1, requests.get());
    }

    @Test
    void abandonsADownloadWhenCancelled() throws Exception {
        PackageException e = assertThrows(PackageException.class, () -> cache.fetch(sha256(PACKAGE), base, () -> true));

        assertTrue(e.getMessage().contains("abandoned"), e.getMessage());
        try (var files = Files.list(dir.resolve("artifacts"))) {
            assertEquals(0, files.count(), "nothing is left behind");
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
