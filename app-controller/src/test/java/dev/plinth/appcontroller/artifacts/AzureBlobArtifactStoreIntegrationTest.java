package dev.plinth.appcontroller.artifacts;

import dev.plinth.contracts.artifacts.ArtifactNotFoundException;
import dev.plinth.contracts.artifacts.StoredArtifact;
import dev.plinth.testkit.wait.Waits;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Azure Blob artifact store against Azurite, the storage emulator, which this test starts
 * itself ({@code npm install -g azurite@3.35.0}). Runs with {@code -Pintegration}; a missing Azurite
 * fails it.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureBlobArtifactStoreIntegrationTest {

    /** Azurite's well-known development account; not a secret. */
    private static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process azurite;
    private Path location;
    private Path files;
    private AzureBlobArtifactStore store;

    @BeforeAll
    void startAzurite() throws Exception {
        Path executable = findAzurite().orElseThrow(() -> new AssertionError(
                "azurite-blob is not on the PATH or in node_modules/.bin: install azurite: npm install -g azurite@3.35.0"));
        location = Files.createTempDirectory("azurite-");
        files = Files.createTempDirectory("azure-store-files-");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        azurite = new ProcessBuilder(executable.toString(), "--location", location.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", String.valueOf(port), "--disableTelemetry", "--skipApiVersionCheck", "--loose")
                .redirectErrorStream(true)
                .redirectOutput(location.resolve("azurite.log").toFile())
                .start();
        waitForPort(port);
        String connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1;";
        // A container that does not exist yet: the store creates it.
        store = new AzureBlobArtifactStore(connection, "plinth-test-artifacts");
    }

    @AfterAll
    void stopAzurite() throws Exception {
        if (azurite != null) {
            azurite.destroy();
            if (!azurite.waitFor(10, TimeUnit.SECONDS)) {
                azurite.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (Path dir : new Path[]{location, files}) {
            if (dir != null) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Test
    void storesFindsReadsAndDeletesAnArtifact() throws Exception {
        // Larger than one block, so the upload is staged in several blocks and committed once.
        byte[] content = random(AzureBlobArtifactStore.BLOCK_BYTES * 2 + 12345, 1);
        String sha = sha256(content);
        Instant before = Instant.now().minusSeconds(5);

        StoredArtifact stored = store.put(file(content), sha);

        assertEquals(sha, stored.sha256());
        assertEquals(content.length, stored.sizeBytes());
        assertTrue(stored.location().endsWith("/plinth-test-artifacts/" + sha), stored.location());
        assertFalse(stored.storedAt().isBefore(before));
        assertEquals(Optional.of(stored), store.find(sha));
        try (InputStream in = store.open(sha)) {
            assertArrayEquals(content, in.readAllBytes());
        }

        assertTrue(store.delete(sha));
        assertEquals(Optional.empty(), store.find(sha));
        assertThrows(ArtifactNotFoundException.class, () -> store.open(sha));
        assertFalse(store.delete(sha));
    }

    @Test
    void storingTheSameArtifactAgainKeepsTheFirst() throws Exception {
        byte[] content = random(1000, 2);
        String sha = sha256(content);

        StoredArtifact first = store.put(file(content), sha);
        StoredArtifact second = store.put(file(content), sha);

        assertEquals(first, second);
        try (InputStream in = store.open(sha)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void concurrentPutsOfOneArtifactAllSucceed() throws Exception {
        byte[] content = random(AzureBlobArtifactStore.BLOCK_BYTES + 7, 3);
        String sha = sha256(content);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<StoredArtifact>> puts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path copy = file(content);
                puts.add(pool.submit(() -> store.put(copy, sha)));
            }
            for (Future<StoredArtifact> put : puts) {
                assertEquals(content.length, put.get(60, TimeUnit.SECONDS).sizeBytes());
            }
        } finally {
            pool.shutdownNow();
        }
        try (InputStream in = store.open(sha)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void refusesContentThatDoesNotMatchItsChecksumAndStoresNothing() throws Exception {
        byte[] content = random(5000, 4);
        String wrong = sha256(random(5000, 5));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.put(file(content), wrong));

        assertEquals("the file's sha256 is " + sha256(content) + ", not " + wrong, e.getMessage());
        assertEquals(Optional.empty(), store.find(wrong));
        assertEquals(Optional.empty(), store.find(sha256(content)));
    }

    @Test
    void refusesIdsThatAreNotChecksums() {
        assertThrows(IllegalArgumentException.class, () -> store.find("../../etc/passwd"));
        assertEquals("azure-blob", store.kind());
    }

    private Path file(byte[] content) throws IOException {
        Path file = Files.createTempFile(files, "artifact-", ".zip");
        Files.write(file, content);
        return file;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** azurite-blob on the PATH, or in node_modules/.bin of this folder or any folder above it. */
    private static Optional<Path> findAzurite() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "azurite-blob");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("node_modules/.bin/azurite-blob");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private void waitForPort(int port) {
        Waits.untilTrue("azurite-blob to listen on port " + port, Duration.ofSeconds(30), () -> {
            if (!azurite.isAlive()) {
                throw new AssertionError("azurite-blob exited with " + azurite.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }, this::log);
    }

    private String log() {
        try {
            return Files.readString(location.resolve("azurite.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
