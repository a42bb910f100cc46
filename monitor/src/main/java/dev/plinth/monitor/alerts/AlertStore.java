package dev.plinth.monitor.alerts;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.state.Collections;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code alerts} collection, which the monitor owns.
 *
 * <p>An alert is <em>open</em> while nobody acknowledged it and its trouble lasts ({@code resolvedAt}
 * unset). An alert of the same kind and subject as an open one is a repeat: it raises the open
 * one's {@code count} and {@code lastAt} (and replaces its message) instead of adding a document.
 * Once acknowledged, a repeat opens a new alert: the people who looked should hear that it
 * happened again. A resolution closes every unresolved alert of its kind and subject,
 * acknowledged or not.</p>
 */
@Singleton
public class AlertStore {

    private static final Logger LOG = LoggerFactory.getLogger(AlertStore.class);

    private final MongoCollection<Document> alerts;

    /** What storing an alert did. */
    public enum Stored {
        /** A new alert was opened. */
        NEW,
        /** It repeated an open alert, whose count went up. */
        REPEATED,
        /** It was stored before (a redelivered record): nothing changed. */
        ALREADY_STORED
    }

    public AlertStore(MongoDatabase database) {
        this.alerts = database.getCollection(Collections.ALERTS);
    }

    /** @return the collection, for counting and index setup */
    public MongoCollection<Document> collection() {
        return alerts;
    }

    /** Creates the indexes the queries use (idempotent). */
    public void ensureIndexes() {
        alerts.createIndex(Indexes.ascending("kind", "subject", "resolvedAt"));
        alerts.createIndex(Indexes.descending("lastAt"));
        alerts.createIndex(Indexes.ascending("app"));
    }

    /**
     * Stores an alert: opens a new one, or counts a repeat of the open one of its kind and subject
     * with the same owner (an app name taken over by another developer starts alerts of its own).
     *
     * @param alert the alert as raised
     * @param owner the owner of its app, or null
     * @return what happened
     */
    public Stored store(Alert alert, String owner) {
        // Each alert id counts once: a record Kafka delivers twice changes nothing the second time.
        if (alerts.countDocuments(Filters.eq("_id", alert.alertId())) > 0) {
            return Stored.ALREADY_STORED;
        }
        Date at = Date.from(alert.timestamp());
        Document repeated = alerts.findOneAndUpdate(
                Filters.and(openFilter(alert.kind(), alert.subject()), Filters.eq("owner", owner),
                        Filters.ne("lastAlertId", alert.alertId())),
                Updates.combine(Updates.inc("count", 1), Updates.max("lastAt", at),
                        Updates.set("message", alert.message()), Updates.set("lastAlertId", alert.alertId())),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (repeated != null) {
            return Stored.REPEATED;
        }
        if (alerts.countDocuments(Filters.and(openFilter(alert.kind(), alert.subject()),
                Filters.eq("lastAlertId", alert.alertId()))) > 0) {
            return Stored.ALREADY_STORED;
        }
        Document doc = new Document("_id", alert.alertId())
                .append("kind", alert.kind().name())
                .append("severity", alert.severity().name())
                .append("subject", alert.subject())
                .append("app", alert.app())
                .append("owner", owner)
                .append("message", alert.message())
                .append("raisedAt", at)
                .append("count", 1L)
                .append("lastAt", at)
                .append("lastAlertId", alert.alertId())
                .append("acknowledged", false)
                .append("acknowledgedBy", null)
                .append("acknowledgedAt", null)
                .append("resolvedAt", null)
                .append("resolution", null);
        try {
            alerts.insertOne(doc);
            return Stored.NEW;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return Stored.ALREADY_STORED;
            }
            throw e;
        }
    }

    /**
     * Resolves every unresolved alert of a kind and subject.
     *
     * @param kind       the kind
     * @param subject    the subject
     * @param at         when the trouble ended
     * @param resolution what ended it, for people
     * @return how many alerts were resolved
     */
    public long resolve(Alert.Kind kind, String subject, Instant at, String resolution) {
        return alerts.updateMany(
                Filters.and(Filters.eq("kind", kind.name()), Filters.eq("subject", subject), Filters.eq("resolvedAt", null)),
                Updates.combine(Updates.set("resolvedAt", Date.from(at)), Updates.set("resolution", resolution))).getModifiedCount();
    }

    /**
     * Acknowledges an alert; acknowledging it again changes nothing (the first acknowledgement stays).
     *
     * @return the alert as it is now, or empty when there is none with this id
     */
    public Optional<StoredAlert> acknowledge(String id, String by, Instant at) {
        alerts.updateOne(Filters.and(Filters.eq("_id", id), Filters.ne("acknowledged", true)), Updates.combine(
                Updates.set("acknowledged", true), Updates.set("acknowledgedBy", by),
                Updates.set("acknowledgedAt", Date.from(at))));
        return find(id);
    }

    /** @return the alert with this id, if any */
    public Optional<StoredAlert> find(String id) {
        return Optional.ofNullable(alerts.find(Filters.eq("_id", id)).first()).map(StoredAlert::from);
    }

    /**
     * @param query what to find
     * @return matching alerts, the most recently raised first
     */
    public List<StoredAlert> find(AlertQuery query) {
        List<Bson> filters = new ArrayList<>();
        if (query.open() != null) {
            filters.add(query.open() ? openFilter()
                    : Filters.or(Filters.ne("resolvedAt", null), Filters.eq("acknowledged", true)));
        }
        if (query.kind() != null) {
            filters.add(Filters.eq("kind", query.kind().name()));
        }
        if (query.app() != null) {
            filters.add(Filters.eq("app", query.app()));
        }
        if (query.onlyApps() != null) {
            filters.add(Filters.in("app", query.onlyApps()));
        }
        if (query.owner() != null) {
            filters.add(Filters.eq("owner", query.owner()));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<StoredAlert> found = new ArrayList<>();
        for (Document doc : alerts.find(filter).sort(Sorts.orderBy(Sorts.descending("lastAt"), Sorts.ascending("_id"))).limit(query.limit())) {
            try {
                found.add(StoredAlert.from(doc));
            } catch (RuntimeException e) {
                LOG.warn("alert document {} cannot be read and is skipped: {}", doc.get("_id"), e.toString());
            }
        }
        return found;
    }

    /** @return subjects of the unresolved alerts of a kind (acknowledged or not) */
    public Set<String> unresolvedSubjects(Alert.Kind kind) {
        Set<String> subjects = new HashSet<>();
        for (Document doc : alerts.find(Filters.and(Filters.eq("kind", kind.name()), Filters.eq("resolvedAt", null)))) {
            subjects.add(doc.getString("subject"));
        }
        return subjects;
    }

    /**
     * Removes alerts that closed before the cutoff: resolved before it, or acknowledged before it.
     *
     * @return how many were removed
     */
    public long deleteClosedBefore(Instant cutoff) {
        Date before = Date.from(cutoff);
        return alerts.deleteMany(Filters.or(Filters.lt("resolvedAt", before),
                Filters.and(Filters.eq("acknowledged", true), Filters.lt("acknowledgedAt", before)))).getDeletedCount();
    }

    /** @return the filter of documents counted as open */
    public static Bson openFilter() {
        return Filters.and(Filters.eq("resolvedAt", null), Filters.ne("acknowledged", true));
    }

    private static Bson openFilter(Alert.Kind kind, String subject) {
        return Filters.and(Filters.eq("kind", kind.name()), Filters.eq("subject", subject), openFilter());
    }
}
