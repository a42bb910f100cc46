package dev.plinth.appcontroller.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.plinth.kit.errors.ApiException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Serialises the changes to one app across every app-controller process: uploads, deployments,
 * schedules firing and deletions of the same app run one at a time, so an app never ends up with two
 * active deployments or a deployment of a version being deleted.
 *
 * <p>The lock is a lease in the {@code leases} collection, {@code {_id: "app-controller/app/NAME",
 * holder, until}}: taken by inserting it, or by taking over one whose {@code until} has passed (its
 * holder died). The work inside must finish well within {@link #LEASE}.</p>
 */
@Singleton
public class AppLock {

    /** How long a lock is held at most before others may take it over. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How long to wait for a lock before giving up. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final MongoCollection<Document> leases;
    private final Clock clock;

    public AppLock(Database database, Clock clock) {
        this.leases = database.collection(Database.LEASES);
        this.clock = clock;
    }

    /**
     * Runs work while holding the lock of an app.
     *
     * @param app  the app's name
     * @param work what to do
     * @return what the work returned
     * @throws ApiException 503 when the lock stays taken for longer than {@link #WAIT}
     */
    public <T> T withLock(String app, Supplier<T> work) {
        String id = "app-controller/app/" + app;
        String holder = UUID.randomUUID().toString();
        acquire(id, holder, app);
        try {
            return work.get();
        } finally {
            leases.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq("holder", holder)));
        }
    }

    private void acquire(String id, String holder, String app) {
        Instant deadline = clock.instant().plus(WAIT);
        long pause = 10;
        while (true) {
            Instant now = clock.instant();
            Document lease = new Document("_id", id).append("holder", holder).append("until", Database.date(now.plus(LEASE)));
            try {
                leases.insertOne(lease);
                return;
            } catch (RuntimeException e) {
                if (!Database.duplicateKey(e)) {
                    throw e;
                }
            }
            Document taken = leases.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", id), Filters.lt("until", Database.date(now))),
                    Updates.combine(Updates.set("holder", holder), Updates.set("until", Database.date(now.plus(LEASE)))));
            if (taken != null) {
                return;
            }
            if (now.isAfter(deadline)) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                        "another change to app '" + app + "' is in progress; try again in a few seconds");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while waiting to change app '" + app + "'");
            }
            pause = Math.min(pause * 2, 200);
        }
    }
}
