package dev.plinth.appcontroller.apps;

import dev.plinth.contracts.artifacts.ArtifactStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Removes artifacts that no version refers to any more, after a version is deleted or an upload
 * is undone. A failure only wastes space, so it is logged, not raised.
 */
@Singleton
public class UnusedArtifacts {

    private static final Logger LOG = LoggerFactory.getLogger(UnusedArtifacts.class);

    private final VersionRepository versions;
    private final ArtifactStore artifacts;

    public UnusedArtifacts(VersionRepository versions, ArtifactStore artifacts) {
        this.versions = versions;
        this.artifacts = artifacts;
    }

    /** Deletes the artifact unless a version still refers to it. */
    public void removeIfUnused(String sha256) {
        try {
            if (versions.countBySha256(sha256) == 0) {
                artifacts.delete(sha256);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remove the unused artifact {} (only space is wasted): {}", sha256, e.getMessage());
        }
    }
}
