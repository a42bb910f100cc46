package dev.plinth.contracts.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * Something an admin or developer should look at. Published on {@link Topics#ALERTS}, keyed by subject.
 * The monitor stores alerts; an alert of the same kind and subject as an open one counts as a
 * repeat of it. A record carrying the header {@link #RESOLVES_HEADER} instead resolves the open
 * alerts of its kind and subject (its severity is INFO and its message says what recovered).
 *
 * @param alertId   unique id
 * @param kind      what kind of trouble
 * @param severity  how bad
 * @param subject   what it is about, as {@code node/edge-2} or {@code app/speed-alert}
 * @param app       the app concerned, if any
 * @param message   what happened, for people
 * @param timestamp when it was raised
 */
@Serdeable
public record Alert(String alertId, Kind kind, Severity severity, String subject, @Nullable String app,
                    String message, Instant timestamp) {

    /** Kafka record header marking an alert that resolves, rather than raises, its kind and subject. */
    public static final String RESOLVES_HEADER = "plinth-resolves";

    /** Kinds of trouble. */
    public enum Kind {
        /** A node's heartbeats stopped. */
        NODE_LOST,
        /** An instance keeps crashing. */
        CRASH_LOOP,
        /** A rollout failed and was rolled back. */
        ROLLOUT_FAILED,
        /** A sensor sent nothing for longer than its expected period. */
        SENSOR_SILENT,
        /** Traffic from a device that is not registered, or with a wrong token. */
        UNREGISTERED_DEVICE,
        /** A subsystem stopped or stopped heartbeating. */
        SUBSYSTEM_DOWN
    }

    /** How bad. */
    public enum Severity {
        /** For information. */
        INFO,
        /** Needs attention. */
        WARNING,
        /** Something is down. */
        CRITICAL
    }
}
