package dev.plinth.monitor.alerts;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import dev.plinth.contracts.events.Alert;
import dev.plinth.contracts.state.Collections;
import dev.plinth.monitor.documents.AlertDocument;
import dev.plinth.monitor.documents.AlertRepository;
import io.micronaut.data.mongodb.operations.options.MongoFindOptions;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code alerts} collection, which the monitor owns, read and written through its Micronaut
 * Data repository ({@link AlertRepository}).
 *
 * <p>An alert is <em>open</em> while nobody acknowledged it and its trouble lasts ({@code resolvedAt}
 * unset). An alert of the same kind and subject as an open one is a repeat: it raises the open
 * one's {@code count} and {@code lastAt} (and replaces its message) instead of adding a document.
 * Once acknowledged, a repeat opens a new alert: the people who looked should hear that it
 * happened again. A resolution closes every unresolved alert of its kind and subject,
 * acknowledged or not.</p>
 *
 * <p>The driver's collection handle serves what a repository does not: index creation, the list
 * query whose filters are put together per request, and the kit's group counts for metrics.</p>
 */
@Singleton
public class AlertStore {

    private static final Logger LOG = LoggerFactory.getLogger(AlertStore.class);

    private final AlertRepository repository;
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

    public AlertStore(AlertRepository repository, MongoDatabase database) {
        this.repository = repository;
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
        if (repository.existsById(alert.alertId())) {
            return Stored.ALREADY_STORED;
        }
        String kind = alert.kind().name();
        if (repository.countRepeat(kind, alert.subject(), owner, alert.alertId(), alert.timestamp(), alert.message()) > 0) {
            return Stored.REPEATED;
        }
        if (!repository.findOpenCounting(kind, alert.subject(), alert.alertId()).isEmpty()) {
            return Stored.ALREADY_STORED;
        }
        try {
            repository.save(new AlertDocument(alert.alertId(), kind, alert.severity().name(), alert.subject(), alert.app(),
                    owner, alert.message(), alert.timestamp(), 1L, alert.timestamp(), alert.alertId(), false,
                    null, null, null, null));
            return Stored.NEW;
        } catch (RuntimeException e) {
            if (duplicateKey(e)) {
                return Stored.ALREADY_STORED;
            }
            throw e;
        }
    }

    /** Whether a write failed on a taken {@code _id}: a concurrent monitor stored the same alert first. */
    private static boolean duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MongoServerException server && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return true;
            }
        }
        return false;
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
        return repository.resolve(kind.name(), subject, at, resolution);
    }

    /**
     * Acknowledges an alert; acknowledging it again changes nothing (the first acknowledgement stays).
     *
     * @return the alert as it is now, or empty when there is none with this id
     */
    public Optional<StoredAlert> acknowledge(String id, String by, Instant at) {
        repository.acknowledge(id, by, at);
        return find(id);
    }

    /** @return the alert with this id, if any */
    public Optional<StoredAlert> find(String id) {
        return repository.findById(id).map(StoredAlert::from);
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
        for (AlertDocument doc : repository.findAll(new MongoFindOptions().filter(filter)
                .sort(Sorts.orderBy(Sorts.descending("lastAt"), Sorts.ascending("_id"))).limit(query.limit()))) {
            try {
                found.add(StoredAlert.from(doc));
            } catch (RuntimeException e) {
                LOG.warn("alert document {} cannot be read and is skipped: {}", doc.id(), e.toString());
            }
        }
        return found;
    }

    /** @return subjects of the unresolved alerts of a kind (acknowledged or not) */
    public Set<String> unresolvedSubjects(Alert.Kind kind) {
        Set<String> subjects = new HashSet<>();
        for (AlertDocument doc : repository.findUnresolved(kind.name())) {
            subjects.add(doc.subject());
        }
        return subjects;
    }

    /**
     * Removes alerts that closed before the cutoff: resolved before it, or acknowledged before it.
     *
     * @return how many were removed
     */
    public long deleteClosedBefore(Instant cutoff) {
        return repository.deleteClosedBefore(cutoff);
    }

    /** @return the filter of documents counted as open */
    public static Bson openFilter() {
        return Filters.and(Filters.eq("resolvedAt", null), Filters.ne("acknowledged", true));
    }

    private static Bson openFilter(Alert.Kind kind, String subject) {
        return Filters.and(Filters.eq("kind", kind.name()), Filters.eq("subject", subject), openFilter());
    }
}
