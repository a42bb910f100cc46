package dev.plinth.agent.artifacts;

import dev.plinth.kit.control.Backoff;
import dev.plinth.kit.security.ServiceTokens;
import dev.plinth.agent.AgentSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The node's cache of app packages, one file per sha256 under {@code {workDir}/artifacts/}. A package
 * missing from the cache is fetched over HTTP with a service token and hashed while it streams to a
 * temporary file; only a package whose sha256 matches is moved into place, so the cache never holds
 * a file under a name it does not deserve. Transient faults (connection errors, 5xx) are retried with
 * backoff; a 4xx or a wrong checksum is not.
 */
@Singleton
public class ArtifactCache {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactCache.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int ATTEMPTS = 3;
    /** 1 s, then 2 s, spread a little so agents that failed together do not retry together. */
    private static final Backoff RETRY = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(4)).withJitter(0.2);
    private static final int BUFFER = 64 * 1024;

    private final Path directory;
    private final Supplier<String> token;
    private final long maxBytes;
    private final HttpClient http;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    @Inject
    public ArtifactCache(AgentSettings settings, ServiceTokens tokens) {
        this(settings.workDir().resolve("artifacts"), tokens::issue, settings.maxPackageBytes());
    }

    /**
     * @param directory where cached packages live
     * @param token     gives the bearer token for each download
     * @param maxBytes  the largest package accepted
     */
    public ArtifactCache(Path directory, Supplier<String> token, long maxBytes) {
        this.directory = directory;
        this.token = token;
        this.maxBytes = maxBytes;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Returns the cached package, fetching it first when it is not cached.
     *
     * @param sha256    the package's expected sha256, lower-case hex
     * @param url       where to fetch it from
     * @param cancelled polled while downloading; true abandons the download
     * @return the verified package file
     * @throws PackageException     when it cannot be fetched or its checksum is wrong
     * @throws InterruptedException when interrupted while fetching or backing off
     */
    public Path fetch(String sha256, String url, BooleanSupplier cancelled) throws PackageException, InterruptedException {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new PackageException("the instance spec carries no valid sha256 for its package: '" + sha256 + "'");
        }
        Path target = directory.resolve(sha256 + ".zip");
        // One download per package at a time; instances of other packages do not wait.
        synchronized (locks.computeIfAbsent(sha256, k -> new Object())) {
            if (Files.isRegularFile(target)) {
                if (sha256.equals(hashOf(target))) {
                    return target;
                }
                LOG.warn("cached package {} is damaged; fetching it again", target);
                deleteQuietly(target);
            }
            return download(sha256, url, target, cancelled);
        }
    }

    /** @return where the package with that sha256 is (or would be) cached */
    public Path location(String sha256) {
        return directory.resolve(sha256 + ".zip");
    }

    private Path download(String sha256, String url, Path target, BooleanSupplier cancelled)
            throws PackageException, InterruptedException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PackageException("the package URL '" + url + "' is not valid");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return downloadOnce(sha256, uri, target, cancelled);
            } catch (TransientFault e) {
                if (attempt >= ATTEMPTS) {
                    throw new PackageException("cannot fetch the package from " + url + " after " + ATTEMPTS
                            + " attempts: " + e.getMessage(), e);
                }
                long wait = RETRY.delay(attempt).toMillis();
                LOG.info("fetching {} failed ({}); retrying in {} ms", url, e.getMessage(), wait);
                Thread.sleep(wait);
            }
        }
    }

    private Path downloadOnce(String sha256, URI uri, Path target, BooleanSupplier cancelled)
            throws PackageException, TransientFault, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token.get())
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TransientFault(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        int status = response.statusCode();
        if (status != 200) {
            closeQuietly(response.body());
            String problem = "HTTP " + status + " from " + uri;
            if (status >= 500 || status == 429) {
                throw new TransientFault(problem, null);
            }
            throw new PackageException("cannot fetch the package: " + problem);
        }
        Path partial = directory.resolve(sha256 + ".zip." + UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(directory);
            MessageDigest digest = sha256Digest();
            long total = 0;
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (cancelled.getAsBoolean()) {
                        throw new PackageException("fetching the package was abandoned: the instance was stopped");
                    }
                    total += n;
                    if (total > maxBytes) {
                        throw new PackageException("the package from " + uri + " is larger than the node accepts ("
                                + maxBytes + " bytes)");
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new PackageException("the package fetched from " + uri + " has sha256 " + actual
                        + ", not the expected " + sha256 + "; it was discarded");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("fetched package {} ({} bytes)", sha256, total);
            return target;
        } catch (IOException e) {
            throw new TransientFault("reading the package failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
        }
    }

    /** @return the file's sha256, or null when it cannot be read */
    static String hashOf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = sha256Digest();
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return null;
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", path, e.getMessage());
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("closing a response failed: {}", e.getMessage());
        }
    }

    /** A fault worth another attempt. */
    private static final class TransientFault extends Exception {
        TransientFault(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
