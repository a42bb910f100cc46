package dev.plinth.appcontroller.documents;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.mongodb.annotation.MongoFindOptions;
import io.micronaut.data.mongodb.annotation.MongoFindQuery;
import io.micronaut.data.mongodb.annotation.MongoRepository;
import io.micronaut.data.mongodb.annotation.MongoUpdateQuery;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;

/**
 * The {@code schedules} collection through Micronaut Data, with the claim protocol that makes a due
 * schedule fire once however many schedulers run: a scheduler claims one with an atomic update that
 * only matches while it is due and nobody holds an unexpired claim (a compare-and-set: of two
 * schedulers racing for one schedule, exactly one update matches), and releases it in the same
 * update that records the firing and moves {@code nextFireAt} on.
 */
@MongoRepository
@Requires(property = "mongodb.uri")
public interface ScheduleDocumentRepository extends CrudRepository<ScheduleDocument, String> {

    /** Active, due to fire or to stop its run, and not held by an unexpired claim. */
    String CLAIMABLE = "state: \"ACTIVE\", $and: [{$or: [{nextFireAt: {$lte: :now}}, {stopAt: {$lte: :now}}]},"
            + " {$or: [{claim: null}, {\"claim.until\": {$lt: :now}}]}]";

    /** @return an app's schedules, newest first */
    List<ScheduleDocument> findByAppOrderByCreatedAtDesc(String app);

    /** @return an app's schedules in a state, newest first */
    List<ScheduleDocument> findByAppAndStateOrderByCreatedAtDesc(String app, String state);

    /** Deletes every schedule of an app. */
    void deleteByApp(String app);

    /**
     * Cancels an active schedule: it fires no more and stops nothing.
     *
     * @return 1 when it was active, 0 otherwise
     */
    @MongoUpdateQuery(filter = "{_id: :id, state: \"ACTIVE\"}",
            update = "{$set: {state: \"CANCELLED\", nextFireAt: null, stopAt: null, updatedAt: :now}}")
    long cancel(String id, Instant now);

    /** @return schedules a scheduler may claim now, the earliest due first (a few at a time) */
    @MongoFindQuery(filter = "{" + CLAIMABLE + "}", sort = "{nextFireAt: 1}")
    @MongoFindOptions(limit = 16)
    List<ScheduleDocument> findClaimable(Instant now);

    /**
     * Claims one schedule if it is still claimable.
     *
     * @return 1 when this claim took it, 0 when it was taken or is no longer due
     */
    @MongoUpdateQuery(filter = "{_id: :id, " + CLAIMABLE + "}", update = "{$set: {claim: {by: :by, until: :until}}}")
    long claim(String id, Instant now, String by, Instant until);

    /**
     * Records what a claimed schedule did, without a firing, and releases the claim.
     *
     * @return 1 when the claim was still this one's and the schedule active, 0 otherwise
     */
    @MongoUpdateQuery(filter = "{_id: :id, \"claim.by\": :by, state: \"ACTIVE\"}",
            update = "{$set: {nextFireAt: :nextFireAt, stopAt: :stopAt, state: :state, updatedAt: :now, claim: null}}")
    long finish(String id, String by, @Nullable Instant nextFireAt, @Nullable Instant stopAt, String state, Instant now);

    /**
     * Records what a claimed schedule did, with the firing it made, and releases the claim.
     *
     * @return 1 when the claim was still this one's and the schedule active, 0 otherwise
     */
    @MongoUpdateQuery(filter = "{_id: :id, \"claim.by\": :by, state: \"ACTIVE\"}",
            update = "{$set: {nextFireAt: :nextFireAt, stopAt: :stopAt, state: :state, updatedAt: :now, claim: null},"
                    + " $addToSet: {fired: {at: :firedAt, deploymentId: :deploymentId, error: :error}}}")
    long finishWithFiring(String id, String by, @Nullable Instant nextFireAt, @Nullable Instant stopAt, String state,
                          Instant now, Instant firedAt, @Nullable String deploymentId, @Nullable String error);

    /** Records a firing (once: the same firing recorded twice is one entry). */
    @MongoUpdateQuery(filter = "{_id: :id}",
            update = "{$addToSet: {fired: {at: :firedAt, deploymentId: :deploymentId, error: :error}}}")
    long recordFiring(String id, Instant firedAt, @Nullable String deploymentId, @Nullable String error);

    /** Releases a claim if it is still this one's. */
    @MongoUpdateQuery(filter = "{_id: :id, \"claim.by\": :by}", update = "{$set: {claim: null}}")
    long release(String id, String by);
}
