package dev.plinth.contracts.artifacts;

import java.io.IOException;

/** There is no artifact with the sha256 asked for. */
public class ArtifactNotFoundException extends IOException {

    /** @param sha256 the sha256 asked for */
    public ArtifactNotFoundException(String sha256) {
        super("no artifact with sha256 " + sha256);
    }
}
