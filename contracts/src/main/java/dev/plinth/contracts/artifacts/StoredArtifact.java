package dev.plinth.contracts.artifacts;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * An artifact in a store.
 *
 * @param sha256    its sha256 in lower-case hex
 * @param sizeBytes its size
 * @param location  where the store keeps it, for people (a path, a blob URL)
 * @param storedAt  when it was first stored
 */
@Serdeable
public record StoredArtifact(String sha256, long sizeBytes, String location, Instant storedAt) {
}
