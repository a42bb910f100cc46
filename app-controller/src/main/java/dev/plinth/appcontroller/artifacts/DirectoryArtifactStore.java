package dev.plinth.appcontroller.artifacts;

import dev.plinth.contracts.artifacts.ArtifactNotFoundException;
import dev.plinth.contracts.artifacts.ArtifactStore;
import dev.plinth.contracts.artifacts.StoredArtifact;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Keeps artifacts as files named by their sha256 in a local directory, fanned out by the first
 * two hex digits. A file is written under a temporary name and moved into place only once its
 * checksum matches, so a crash never leaves a partial artifact under a real name.
 */
@Singleton
@Requires(missingProperty = "plinth.artifacts.azure.connection-string")
public class DirectoryArtifactStore implements ArtifactStore {

    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

    private final Path root;

    public DirectoryArtifactStore(@Value("${plinth.artifacts.directory:plinth-data/artifacts}") Path root) throws IOException {
        this.root = root.toAbsolutePath();
        Files.createDirectories(this.root.resolve("tmp"));
    }

    @Override
    public String kind() {
        return "directory";
    }

    /** @return the directory artifacts are kept in */
    public Path root() {
        return root;
    }

    @Override
    public StoredArtifact put(Path file, String sha256) throws IOException {
        Path target = pathOf(sha256);
        if (Files.exists(target)) {
            return describe(sha256, target);
        }
        Files.createDirectories(target.getParent());
        Path tmp = root.resolve("tmp").resolve(UUID.randomUUID() + ".part");
        try {
            MessageDigest digest = sha256Digest();
            try (InputStream in = Files.newInputStream(file);
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new IllegalArgumentException("the file's sha256 is " + actual + ", not " + sha256);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return describe(sha256, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        try {
            return Files.newInputStream(pathOf(sha256));
        } catch (NoSuchFileException e) {
            throw new ArtifactNotFoundException(sha256);
        }
    }

    @Override
    public Optional<StoredArtifact> find(String sha256) throws IOException {
        Path path = pathOf(sha256);
        return Files.exists(path) ? Optional.of(describe(sha256, path)) : Optional.empty();
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        return Files.deleteIfExists(pathOf(sha256));
    }

    private Path pathOf(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256 + ".zip");
    }

    private static StoredArtifact describe(String sha256, Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return new StoredArtifact(sha256, attributes.size(), path.toString(), attributes.creationTime().toInstant());
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
