package dev.plinth.deployer.loop;

import dev.plinth.deployer.store.LeaseRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * This process's hold on the {@code deployer} lease. It counts as held until the time the last
 * successful renewal was granted for, measured on this process's clock from before the renewal
 * was sent, so it never believes it holds the lease longer than the store does.
 */
final class DeployerLease {

    /** The lease's {@code _id}. */
    static final String NAME = "deployer";

    private final LeaseRepository leases;
    private final String holder;
    private final Duration duration;
    private final Clock clock;
    private volatile Instant heldUntil;

    DeployerLease(LeaseRepository leases, String holder, Duration duration, Clock clock) {
        this.leases = leases;
        this.holder = holder;
        this.duration = duration;
        this.clock = clock;
    }

    /**
     * Takes or renews the lease.
     *
     * @return true when this process holds it now
     */
    boolean renew() {
        Instant now = clock.instant();
        if (leases.acquire(NAME, holder, now, duration)) {
            heldUntil = now.plus(duration);
            return true;
        }
        heldUntil = null;
        return false;
    }

    /** @return true while the last renewal holds */
    boolean isHeld() {
        Instant until = heldUntil;
        return until != null && clock.instant().isBefore(until);
    }

    /** Gives the lease up so a standby can take it at once. */
    void release() {
        if (heldUntil != null) {
            heldUntil = null;
            leases.release(NAME, holder, clock.instant());
        }
    }

    String holder() {
        return holder;
    }
}
