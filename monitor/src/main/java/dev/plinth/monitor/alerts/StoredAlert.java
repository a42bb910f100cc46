package dev.plinth.monitor.alerts;

import dev.plinth.contracts.events.Alert;
import dev.plinth.monitor.documents.AlertDocument;

import java.time.Instant;

/**
 * One document of the {@code alerts} collection.
 *
 * @param id             the id of the alert that opened it
 * @param kind           what kind of trouble
 * @param severity       how bad
 * @param subject        what it is about, as {@code node/edge-2}
 * @param app            the app concerned, or null
 * @param owner          the app's owner when the alert was stored, or null
 * @param message        what happened, as the latest repeat said it
 * @param raisedAt       when it was first raised
 * @param count          how many times it was raised while open
 * @param lastAt         when it was last raised
 * @param acknowledged   whether someone acknowledged it
 * @param acknowledgedBy who, or null
 * @param acknowledgedAt when, or null
 * @param resolvedAt     when its trouble ended, or null while it lasts
 * @param resolution     what ended it, or null
 */
public record StoredAlert(String id, Alert.Kind kind, Alert.Severity severity, String subject, String app, String owner,
                          String message, Instant raisedAt, long count, Instant lastAt, boolean acknowledged,
                          String acknowledgedBy, Instant acknowledgedAt, Instant resolvedAt, String resolution) {

    /** Where an alert stands. */
    public enum Status {
        /** Neither acknowledged nor resolved: someone should look. */
        OPEN,
        /** Someone looked; its trouble may last. */
        ACKNOWLEDGED,
        /** Its trouble ended. */
        RESOLVED
    }

    /** @return where it stands; a resolved alert is RESOLVED whether acknowledged or not */
    public Status status() {
        if (resolvedAt != null) {
            return Status.RESOLVED;
        }
        return acknowledged ? Status.ACKNOWLEDGED : Status.OPEN;
    }

    /** @return whether it is open: neither acknowledged nor resolved */
    public boolean open() {
        return status() == Status.OPEN;
    }

    /** @throws IllegalArgumentException when its kind or severity is one this version does not know */
    static StoredAlert from(AlertDocument doc) {
        return new StoredAlert(doc.id(), Alert.Kind.valueOf(doc.kind()), Alert.Severity.valueOf(doc.severity()),
                doc.subject(), doc.app(), doc.owner(), doc.message(), doc.raisedAt(), doc.count(), doc.lastAt(),
                doc.acknowledged(), doc.acknowledgedBy(), doc.acknowledgedAt(), doc.resolvedAt(), doc.resolution());
    }
}
