package dev.plinth.appcontroller.store;

import dev.plinth.kit.control.Backoff;
import dev.plinth.kit.control.Lease;
import dev.plinth.kit.errors.ApiException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

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
 * <p>The lock is the control kit's {@link Lease} named {@code app-controller/app/NAME}: taken when
 * free, taken over once its {@code until} has passed (its holder died), and deleted when the work is
 * done, so locks of apps come and go with them. The work inside must finish well within
 * {@link #LEASE}.</p>
 */
@Singleton
public class AppLock {

    /** How long a lock is held at most before others may take it over. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How long to wait for a lock before giving up. */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** The pause between tries while another process holds the lock. */
    private static final Backoff PAUSE = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(200)).withJitter(0.2);

    private final Database database;
    private final Clock clock;

    public AppLock(Database database, Clock clock) {
        this.database = database;
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
        Lease lock = new Lease(database.mongo(), "app-controller/app/" + app, UUID.randomUUID().toString(), LEASE, clock);
        acquire(lock, app);
        try {
            return work.get();
        } finally {
            lock.releaseAndForget();
        }
    }

    private void acquire(Lease lock, String app) {
        Instant deadline = clock.instant().plus(WAIT);
        for (int tries = 1; ; tries++) {
            Instant now = clock.instant();
            if (lock.acquire()) {
                return;
            }
            if (now.isAfter(deadline)) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                        "another change to app '" + app + "' is in progress; try again in a few seconds");
            }
            try {
                Thread.sleep(PAUSE.delay(tries).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while waiting to change app '" + app + "'");
            }
        }
    }
}
