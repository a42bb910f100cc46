package dev.plinth.contracts.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Stores app packages, content-addressed by their sha256. Storing the same content twice stores
 * it once. Implementations must be thread-safe and must never expose a partly written artifact:
 * an artifact is either complete under its sha256 or absent.
 */
public interface ArtifactStore {

    /** @return a short name for logs and status, as {@code directory} or {@code azure-blob} */
    String kind();

    /**
     * Stores a file that the caller has already checked.
     *
     * @param file   the package file
     * @param sha256 its sha256 in lower-case hex, as the caller computed it; the store checks it again
     * @return the stored artifact
     * @throws IOException              when the store cannot be written
     * @throws IllegalArgumentException when the content does not match the sha256
     */
    StoredArtifact put(Path file, String sha256) throws IOException;

    /**
     * Opens an artifact for reading.
     *
     * @param sha256 its sha256
     * @return its content; the caller closes it
     * @throws ArtifactNotFoundException when there is no such artifact
     * @throws IOException               when the store cannot be read
     */
    InputStream open(String sha256) throws IOException;

    /**
     * Looks an artifact up.
     *
     * @param sha256 its sha256
     * @return what is stored, if anything
     * @throws IOException when the store cannot be read
     */
    Optional<StoredArtifact> find(String sha256) throws IOException;

    /**
     * Deletes an artifact.
     *
     * @param sha256 its sha256
     * @return true when something was deleted
     * @throws IOException when the store cannot be written
     */
    boolean delete(String sha256) throws IOException;
}
