package dev.plinth.agent.health;

import dev.plinth.contracts.events.InstanceState;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns probe results into health changes, without any I/O (tested with tables of probe sequences).
 *
 * <ul>
 *   <li>Until the first 2xx, the instance is starting: it is probed often at first (every 100 ms for
 *   its first 2 s, every 250 ms until 5 s), then every second, so a quick app is routed to at once. The first success
 *   makes it {@link InstanceState#HEALTHY}. If none comes within {@code startupSeconds} of its launch,
 *   it is {@link InstanceState#UNHEALTHY}: "did not answer {path} with 2xx within {n} s".</li>
 *   <li>Once it has been healthy, it is probed every {@code intervalSeconds}; {@code failureThreshold}
 *   failures in a row make it unhealthy, and a later success makes it healthy again.</li>
 *   <li>An instance that missed its startup window is still probed at the interval, so a slow
 *   starter that comes up late is reported healthy.</li>
 * </ul>
 * Not thread-safe: one tracker belongs to one instance's probe chain.
 */
public final class HealthTracker {

    /** How often a starting instance is probed once its first seconds are over. */
    static final Duration STARTUP_PROBE = Duration.ofSeconds(1);
    /** How often a starting instance is probed in its first 2 s. */
    static final Duration EARLY_PROBE = Duration.ofMillis(100);
    /** How often a starting instance is probed from 2 s to 5 s. */
    static final Duration SOON_PROBE = Duration.ofMillis(250);

    private final String path;
    private final Instant launchedAt;
    private final Instant deadline;
    private final int startupSeconds;
    private final Duration interval;
    private final int failureThreshold;
    private InstanceState state;
    private boolean everHealthy;
    private int failuresInARow;

    /**
     * @param path             the probed path, for messages
     * @param launchedAt       when the instance was launched
     * @param startupSeconds   how long it has for its first 2xx
     * @param intervalSeconds  the probe interval once it has been healthy
     * @param failureThreshold failures in a row that make a healthy instance unhealthy
     */
    public HealthTracker(String path, Instant launchedAt, int startupSeconds, int intervalSeconds, int failureThreshold) {
        this.path = path;
        this.launchedAt = launchedAt;
        this.startupSeconds = Math.max(1, startupSeconds);
        this.deadline = launchedAt.plusSeconds(this.startupSeconds);
        this.interval = Duration.ofSeconds(Math.max(1, intervalSeconds));
        this.failureThreshold = Math.max(1, failureThreshold);
    }

    /**
     * @param now    when the probe finished
     * @param passed whether it got a 2xx in time
     * @param detail what it got instead, as {@code HTTP 500} or {@code connection refused}; ignored when passed
     * @return the verdict
     */
    public HealthVerdict onProbe(Instant now, boolean passed, String detail) {
        if (passed) {
            failuresInARow = 0;
            everHealthy = true;
            return change(InstanceState.HEALTHY, null, interval);
        }
        failuresInARow++;
        if (!everHealthy) {
            if (now.isBefore(deadline)) {
                return new HealthVerdict(null, null, startupProbe(now));
            }
            return change(InstanceState.UNHEALTHY,
                    "did not answer " + path + " with 2xx within " + startupSeconds + " s (last probe: " + detail + ")",
                    interval);
        }
        if (failuresInARow >= failureThreshold) {
            return change(InstanceState.UNHEALTHY,
                    "failed " + failuresInARow + " health checks of " + path + " in a row (last: " + detail + ")", interval);
        }
        return new HealthVerdict(null, null, interval);
    }

    /** @return when the first probe should run after launch */
    public Duration firstProbe() {
        return EARLY_PROBE;
    }

    /** The delay before the next probe of a starting instance: short at first, a second later on. */
    Duration startupProbe(Instant now) {
        Duration since = Duration.between(launchedAt, now);
        if (since.compareTo(Duration.ofSeconds(2)) < 0) {
            return EARLY_PROBE;
        }
        if (since.compareTo(Duration.ofSeconds(5)) < 0) {
            return SOON_PROBE;
        }
        return STARTUP_PROBE;
    }

    private HealthVerdict change(InstanceState next, String message, Duration nextProbe) {
        if (next == state) {
            return new HealthVerdict(null, null, nextProbe);
        }
        state = next;
        return new HealthVerdict(next, message, nextProbe);
    }
}
