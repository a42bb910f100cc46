package dev.plinth.appcontroller.apps;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * An app, as kept in the {@code apps} collection.
 *
 * @param name          its name, the document id; unique on the platform
 * @param owner         the developer who uploaded it first
 * @param description   from the latest version's descriptor
 * @param createdAt     when its first version was uploaded
 * @param updatedAt     when it last changed
 * @param latestVersion the most recently uploaded version still kept; null when all were deleted
 */
public record AppRecord(String name, String owner, String description, Instant createdAt, Instant updatedAt,
                        @Nullable String latestVersion) {
}
