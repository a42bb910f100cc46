package dev.plinth.appcontroller.artifacts;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.plinth.contracts.artifacts.ArtifactNotFoundException;
import dev.plinth.contracts.artifacts.ArtifactStore;
import dev.plinth.contracts.artifacts.StoredArtifact;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Keeps artifacts as block blobs named by their sha256 in one Azure Blob Storage container,
 * switched on by {@code plinth.artifacts.azure.connection-string}; the container
 * ({@code plinth.artifacts.azure.container}) is created when missing.
 *
 * <p>Why a partial artifact is never visible: a block blob is written by staging blocks and then
 * committing the list of blocks in one call. Until the commit, the blob either does not exist or
 * keeps its previous committed content; staged blocks are invisible to readers and the service
 * discards uncommitted ones after a week. The file is hashed while its blocks are staged, and the
 * list is committed only when the hash matches, so the blob appears complete and verified, or not
 * at all. Each block also carries its MD5, which the service checks on arrival.</p>
 */
@Singleton
@Requires(property = "plinth.artifacts.azure.connection-string")
public class AzureBlobArtifactStore implements ArtifactStore {

    /** The metadata entry holding the sha256 the blob was verified against. */
    static final String SHA256_METADATA = "sha256";
    static final int BLOCK_BYTES = 4 * 1024 * 1024;

    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

    private final BlobContainerClient container;
    private volatile boolean containerReady;

    public AzureBlobArtifactStore(@Value("${plinth.artifacts.azure.connection-string}") String connectionString,
                                  @Value("${plinth.artifacts.azure.container:plinth-artifacts}") String container) {
        this.container = new BlobServiceClientBuilder().connectionString(connectionString).buildClient()
                .getBlobContainerClient(container);
    }

    @Override
    public String kind() {
        return "azure-blob";
    }

    @Override
    public StoredArtifact put(Path file, String sha256) throws IOException {
        BlockBlobClient blob = blob(sha256);
        Optional<StoredArtifact> existing = find(sha256);
        if (existing.isPresent()) {
            return existing.get();
        }
        MessageDigest digest = digest("SHA-256");
        List<String> blocks = new ArrayList<>();
        // Block ids must all have the same length within a blob; a random prefix keeps two
        // concurrent puts of the same artifact from mixing their blocks.
        String prefix = UUID.randomUUID().toString();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BLOCK_BYTES];
            int read;
            while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                int length = read;
                digest.update(buffer, 0, length);
                String blockId = Base64.getEncoder().encodeToString(
                        String.format("%s-%06d", prefix, blocks.size()).getBytes(StandardCharsets.US_ASCII));
                MessageDigest md5 = digest("MD5");
                md5.update(buffer, 0, length);
                byte[] blockMd5 = md5.digest();
                call(() -> blob.stageBlockWithResponse(blockId, new ByteArrayInputStream(buffer, 0, length), length,
                        blockMd5, null, null, Context.NONE));
                blocks.add(blockId);
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            // Nothing is committed: the staged blocks never become a blob.
            throw new IllegalArgumentException("the file's sha256 is " + actual + ", not " + sha256);
        }
        try {
            blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blocks)
                    .setHeaders(new BlobHttpHeaders().setContentType("application/zip"))
                    .setMetadata(Map.of(SHA256_METADATA, sha256)), null, Context.NONE);
        } catch (BlobStorageException e) {
            // Another put of the same artifact committed first, which discards our staged blocks;
            // its content is the same, so the artifact is stored.
            Optional<StoredArtifact> winner = find(sha256);
            if (winner.isPresent()) {
                return winner.get();
            }
            throw new IOException("cannot store artifact " + sha256 + " in Azure Blob Storage: " + e.getMessage(), e);
        }
        return find(sha256).orElseThrow(() -> new IOException("artifact " + sha256 + " vanished right after it was stored"));
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        BlockBlobClient blob = blob(sha256);
        try {
            return blob.openInputStream();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                throw new ArtifactNotFoundException(sha256);
            }
            throw new IOException("cannot read artifact " + sha256 + " from Azure Blob Storage: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredArtifact> find(String sha256) throws IOException {
        BlockBlobClient blob = blob(sha256);
        try {
            BlobProperties properties = blob.getProperties();
            Instant created = properties.getCreationTime() == null ? Instant.EPOCH : properties.getCreationTime().toInstant();
            return Optional.of(new StoredArtifact(sha256, properties.getBlobSize(), blob.getBlobUrl(), created));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("cannot read artifact " + sha256 + " from Azure Blob Storage: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("cannot reach Azure Blob Storage: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        BlockBlobClient blob = blob(sha256);
        try {
            return blob.deleteIfExists();
        } catch (RuntimeException e) {
            throw new IOException("cannot delete artifact " + sha256 + " from Azure Blob Storage: " + e.getMessage(), e);
        }
    }

    private BlockBlobClient blob(String sha256) throws IOException {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        ensureContainer();
        return container.getBlobClient(sha256).getBlockBlobClient();
    }

    /** Creates the container on first use rather than at start, so a storage outage does not stop the subsystem. */
    private void ensureContainer() throws IOException {
        if (!containerReady) {
            try {
                container.createIfNotExists();
                containerReady = true;
            } catch (RuntimeException e) {
                throw new IOException("cannot reach the Azure Blob Storage container " + container.getBlobContainerName()
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private interface StorageCall {
        void run();
    }

    private static void call(StorageCall call) throws IOException {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw new IOException("Azure Blob Storage refused a block: " + e.getMessage(), e);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
