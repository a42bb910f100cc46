package dev.plinth.monitor.documents;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plinth.contracts.state.Collections;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * One document of the {@code alerts} collection as it is stored (field names and shapes of
 * docs/state-model.md). {@code kind} and {@code severity} stay strings here, so a document of a kind
 * this version no longer knows still loads and the reader can skip it alone.
 *
 * @param id             the id of the alert that opened it ({@code _id})
 * @param kind           the name of its {@code Alert.Kind}
 * @param severity       the name of its {@code Alert.Severity}
 * @param subject        what it is about, as {@code node/edge-2}
 * @param app            the app concerned, or null
 * @param owner          the app's owner when the alert was stored, or null
 * @param message        what happened, as the latest repeat said it
 * @param raisedAt       when it was first raised
 * @param count          how many times it was raised while open
 * @param lastAt         when it was last raised
 * @param lastAlertId    the id of the last alert counted into it, so a redelivered repeat counts once
 * @param acknowledged   whether someone acknowledged it
 * @param acknowledgedBy who, or null
 * @param acknowledgedAt when, or null
 * @param resolvedAt     when its trouble ended, or null while it lasts
 * @param resolution     what ended it, or null
 */
@MappedEntity(Collections.ALERTS)
@JsonInclude(JsonInclude.Include.ALWAYS) // unset fields are stored as null, as the state model lists them
public record AlertDocument(@Id String id, String kind, String severity, String subject, @Nullable String app,
                            @Nullable String owner, @Nullable String message, @Nullable Instant raisedAt, long count,
                            @Nullable Instant lastAt, @Nullable String lastAlertId, boolean acknowledged,
                            @Nullable String acknowledgedBy, @Nullable Instant acknowledgedAt,
                            @Nullable Instant resolvedAt, @Nullable String resolution) {
}
