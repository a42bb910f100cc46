package dev.plinth.monitor.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * When a heartbeating source (a node, a subsystem) is down, and when it is back. Pure: the same
 * track and time always give the same verdict.
 *
 * <ul>
 *   <li><b>Down</b>: nothing heard for at least {@code after}, or every heartbeat for at least
 *       {@code after} said it is unhealthy. A source that is down and not alerted yet is raised.</li>
 *   <li><b>Back</b>: heard within {@code after}, and its latest heartbeat says healthy. An alerted
 *       source that is back is resolved. One that reports again but still unhealthy stays alerted.</li>
 *   <li>A source never heard by this monitor (known only from an alert still open in the store) is
 *       left as it is until it reports.</li>
 * </ul>
 */
public final class SilenceRule {

    private SilenceRule() {
    }

    /**
     * What the monitor knows of one source.
     *
     * @param lastHeardAt    when its last heartbeat arrived (monitor's clock), or null when never
     * @param unhealthySince when the current run of unhealthy heartbeats began, or null when the
     *                       latest heartbeat said healthy
     * @param alerting       whether it is alerted now
     */
    public record Track(Instant lastHeardAt, Instant unhealthySince, boolean alerting) {
    }

    /** What to do. */
    public enum Change {
        /** Nothing. */
        NONE,
        /** Raise: it is down. */
        RAISE,
        /** Resolve: it is back. */
        RESOLVE
    }

    /** Why a source is down. */
    public enum Cause {
        /** No heartbeat for too long. */
        SILENT,
        /** Heartbeats, but unhealthy for too long. */
        UNHEALTHY
    }

    /**
     * @param change what to do
     * @param cause  why it is down, for RAISE; null otherwise
     */
    public record Verdict(Change change, Cause cause) {
        static final Verdict NONE = new Verdict(Change.NONE, null);
    }

    /**
     * @param track what is known of the source
     * @param now   the time
     * @param after how long a silence or an unhealthy run lasts before the source counts as down
     * @return what to do
     */
    public static Verdict judge(Track track, Instant now, Duration after) {
        if (track.lastHeardAt() == null) {
            return Verdict.NONE;
        }
        boolean silent = Duration.between(track.lastHeardAt(), now).compareTo(after) >= 0;
        boolean unhealthyTooLong = track.unhealthySince() != null
                && Duration.between(track.unhealthySince(), now).compareTo(after) >= 0;
        if (silent || unhealthyTooLong) {
            return track.alerting() ? Verdict.NONE : new Verdict(Change.RAISE, silent ? Cause.SILENT : Cause.UNHEALTHY);
        }
        if (track.alerting() && track.unhealthySince() == null) {
            return new Verdict(Change.RESOLVE, null);
        }
        return Verdict.NONE;
    }
}
