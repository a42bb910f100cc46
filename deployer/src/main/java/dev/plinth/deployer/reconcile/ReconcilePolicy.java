package dev.plinth.deployer.reconcile;

import java.time.Duration;
import java.util.Objects;

/**
 * The reconciler's limits.
 *
 * @param failureBudget  failures of one generation within {@code failureWindow} after which a
 *                       version that never became stable is given up (status FAILED)
 * @param failureWindow  the span failures count in, for the budget and for the backoff
 * @param backoffBase    the wait before replacing after the first recent failure; doubled for each further one
 * @param backoffCap     the longest wait before a replacement
 * @param degradedAfter  how long fewer instances than desired may be healthy before a RUNNING
 *                       deployment turns DEGRADED
 */
public record ReconcilePolicy(int failureBudget, Duration failureWindow, Duration backoffBase, Duration backoffCap,
                              Duration degradedAfter) {

    /** 5 failures in 10 minutes; backoff 1 s doubling up to 60 s; DEGRADED after 30 s. */
    public static final ReconcilePolicy DEFAULT = new ReconcilePolicy(5, Duration.ofMinutes(10),
            Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30));

    public ReconcilePolicy {
        Objects.requireNonNull(failureWindow, "failureWindow");
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffCap, "backoffCap");
        Objects.requireNonNull(degradedAfter, "degradedAfter");
        if (failureBudget < 1) {
            throw new IllegalArgumentException("failureBudget must be at least 1, got " + failureBudget);
        }
    }
}
