package dev.plinth.monitor.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When an app is crash-looping: its instances failed (EXITED, FAILED or UNHEALTHY) more than
 * {@code threshold} times within the last {@code window}. Pure: the same failures and time always
 * give the same verdict.
 *
 * <p>One alert per run of failures: once raised, the app is not raised again until its failures
 * within the window fall back to the threshold or fewer; a later run raises again (the store
 * folds it into the open alert when nobody acknowledged that yet). A crash loop is not resolved
 * by waiting, since an app the deployer gave up on fails no more yet still does not run; a
 * successful rollout of the app resolves it (see {@link DeploymentWatch}).</p>
 */
public final class CrashLoopRule {

    private CrashLoopRule() {
    }

    /**
     * What the monitor knows of one app.
     *
     * @param failures when its recent failures were reported, oldest first
     * @param raised   whether the current run of failures was raised already
     */
    public record AppFailures(List<Instant> failures, boolean raised) {

        public AppFailures {
            failures = List.copyOf(failures);
        }

        /** An app with no failures. */
        public static final AppFailures NONE = new AppFailures(List.of(), false);
    }

    /**
     * @param next  the app's state after this judgement
     * @param raise whether to raise a crash loop now
     */
    public record Verdict(AppFailures next, boolean raise) {
    }

    /**
     * @param app       what is known of the app
     * @param failedAt  the time of a new failure, or null when only time passed
     * @param now       the time
     * @param window    how far back failures count
     * @param threshold how many failures within the window are still no loop
     * @return the app's new state and whether to raise
     */
    public static Verdict judge(AppFailures app, Instant failedAt, Instant now, Duration window, int threshold) {
        Instant since = now.minus(window);
        List<Instant> recent = new ArrayList<>();
        for (Instant t : app.failures()) {
            if (t.isAfter(since)) {
                recent.add(t);
            }
        }
        if (failedAt != null && failedAt.isAfter(since)) {
            recent.add(failedAt);
            recent.sort(null);
        }
        boolean loop = recent.size() > threshold;
        boolean raise = loop && !app.raised();
        return new Verdict(new AppFailures(recent, loop && (app.raised() || raise)), raise);
    }
}
