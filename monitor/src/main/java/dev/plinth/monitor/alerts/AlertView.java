package dev.plinth.monitor.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plinth.contracts.events.Alert;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * An alert as the API answers it and the webhook sends it. Every field is present, null when unset.
 *
 * @param id             the alert's id
 * @param kind           what kind of trouble
 * @param severity       INFO, WARNING or CRITICAL
 * @param status         OPEN, ACKNOWLEDGED or RESOLVED
 * @param subject        what it is about, as {@code node/edge-2}, {@code subsystem/deployer},
 *                       {@code app/speed-alert} or {@code device/car-7}
 * @param app            the app concerned, or null
 * @param owner          the app's owner, or null
 * @param message        what happened, as the latest repeat said it
 * @param raisedAt       when it was first raised
 * @param lastAt         when it was last raised
 * @param count          how many times it was raised while open
 * @param acknowledged   whether someone acknowledged it
 * @param acknowledgedBy who
 * @param acknowledgedAt when
 * @param resolvedAt     when its trouble ended
 * @param resolution     what ended it
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AlertView(String id, Alert.Kind kind, Alert.Severity severity, StoredAlert.Status status, String subject,
                        @Nullable String app, @Nullable String owner, String message, Instant raisedAt, Instant lastAt,
                        long count, boolean acknowledged, @Nullable String acknowledgedBy,
                        @Nullable Instant acknowledgedAt, @Nullable Instant resolvedAt, @Nullable String resolution) {

    /** @return the view of a stored alert */
    public static AlertView of(StoredAlert a) {
        return new AlertView(a.id(), a.kind(), a.severity(), a.status(), a.subject(), a.app(), a.owner(), a.message(),
                a.raisedAt(), a.lastAt(), a.count(), a.acknowledged(), a.acknowledgedBy(), a.acknowledgedAt(),
                a.resolvedAt(), a.resolution());
    }
}
