package dev.plinth.contracts.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * Something happened to an app or one of its versions. Published on {@link Topics#APP_EVENTS}.
 *
 * @param eventId  unique id of this event
 * @param type     what happened
 * @param app      the app's name
 * @param owner    the developer who owns the app
 * @param version  the version concerned, null for app-wide events
 * @param sha256   the artifact's sha256 for {@link Type#VERSION_READY}, else null
 * @param timestamp when it happened
 */
@Serdeable
public record AppEvent(String eventId, Type type, String app, String owner, @Nullable String version,
                       @Nullable String sha256, Instant timestamp) {

    /** What happened. */
    public enum Type {
        /** A version was validated and its artifact stored; it can be deployed. */
        VERSION_READY,
        /** A version was deleted. */
        VERSION_DELETED,
        /** The app and all its versions were deleted. */
        APP_DELETED
    }
}
