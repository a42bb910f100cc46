package dev.plinth.monitor.documents;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.mongodb.annotation.MongoDeleteQuery;
import io.micronaut.data.mongodb.annotation.MongoFindQuery;
import io.micronaut.data.mongodb.annotation.MongoRepository;
import io.micronaut.data.mongodb.annotation.MongoUpdateQuery;
import io.micronaut.data.mongodb.repository.MongoQueryExecutor;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;

/**
 * The {@code alerts} collection through Micronaut Data. Each change to an existing alert is one
 * atomic update whose filter carries the rule (a repeat only folds into an open alert of the same
 * owner, an acknowledgement only lands once), so two monitor processes cannot count a repeat twice
 * or overwrite each other's acknowledgement. An alert is <em>open</em> while {@code resolvedAt} is
 * unset and it is not acknowledged.
 */
@MongoRepository
@Requires(property = "mongodb.uri")
public interface AlertRepository extends CrudRepository<AlertDocument, String>, MongoQueryExecutor<AlertDocument> {

    /**
     * Counts a repeat into the open alert of its kind, subject and owner, unless this very alert was
     * the last one counted (a redelivered record).
     *
     * @return 1 when an open alert took the repeat, 0 when there is none
     */
    @MongoUpdateQuery(
            filter = "{kind: :kind, subject: :subject, resolvedAt: null, acknowledged: {$ne: true}, owner: :owner, lastAlertId: {$ne: :alertId}}",
            update = "{$inc: {count: 1}, $max: {lastAt: :at}, $set: {message: :message, lastAlertId: :alertId}}")
    long countRepeat(String kind, String subject, @Nullable String owner, String alertId, Instant at, String message);

    /** @return how many open alerts of this kind and subject this alert was last counted into (0 or 1) */
    @MongoFindQuery(filter = "{kind: :kind, subject: :subject, resolvedAt: null, acknowledged: {$ne: true}, lastAlertId: :alertId}")
    List<AlertDocument> findOpenCounting(String kind, String subject, String alertId);

    /** Resolves every unresolved alert of a kind and subject. @return how many */
    @MongoUpdateQuery(filter = "{kind: :kind, subject: :subject, resolvedAt: null}",
            update = "{$set: {resolvedAt: :at, resolution: :resolution}}")
    long resolve(String kind, String subject, Instant at, String resolution);

    /** Acknowledges an alert once: a second acknowledgement changes nothing. @return 1 when this one landed */
    @MongoUpdateQuery(filter = "{_id: :id, acknowledged: {$ne: true}}",
            update = "{$set: {acknowledged: true, acknowledgedBy: :by, acknowledgedAt: :at}}")
    long acknowledge(String id, String by, Instant at);

    /** @return the unresolved alerts of a kind, acknowledged or not */
    @MongoFindQuery(filter = "{kind: :kind, resolvedAt: null}")
    List<AlertDocument> findUnresolved(String kind);

    /** Removes alerts resolved before the cutoff, or acknowledged before it. @return how many */
    @MongoDeleteQuery(filter = "{$or: [{resolvedAt: {$lt: :before}}, {acknowledged: true, acknowledgedAt: {$lt: :before}}]}")
    long deleteClosedBefore(Instant before);
}
