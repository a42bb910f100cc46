package dev.plinth.deployer.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Rule 4: counts the current generation's failures, and from them whether creating may happen now
 * (the backoff) and whether a version that never became stable is given up (the budget).
 */
final class FailureBudget {

    private final ReconcilePolicy policy;

    FailureBudget(ReconcilePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * What the failures allow.
     *
     * @param failures  the current generation's failures, oldest first
     * @param gaveUp    true when the version is given up: nothing is created until the generation changes
     * @param waitUntil when the backoff ends, null when a creation may happen now (or never, when given up)
     */
    record Verdict(List<Failure> failures, boolean gaveUp, Instant waitUntil) {

        Verdict {
            failures = List.copyOf(failures);
        }

        /** @return true when missing instances may be created in this pass */
        boolean mayCreate() {
            return !gaveUp && waitUntil == null;
        }
    }

    /**
     * @param deployment an active deployment
     * @param all        its instances, history included
     * @param nodes      the nodes' states
     * @param now        the time of the pass
     * @return what the failures allow
     */
    Verdict assess(DeploymentView deployment, List<InstanceView> all, NodeStates nodes, Instant now) {
        List<Failure> failures = failuresOfThisGeneration(deployment, all, nodes, now);
        boolean gaveUp = !deployment.version().equals(deployment.stableVersion()) && budgetSpent(failures);
        Instant backoffEnd = gaveUp ? null : backoffEnd(failures, now);
        return new Verdict(failures, gaveUp, backoffEnd != null && now.isBefore(backoffEnd) ? backoffEnd : null);
    }

    private static List<Failure> failuresOfThisGeneration(DeploymentView deployment, List<InstanceView> all,
                                                          NodeStates nodes, Instant now) {
        return all.stream()
                .filter(i -> i.generation() == deployment.generation())
                .filter(i -> i.stopReason() == StopReason.UNHEALTHY
                        || (i.wanted() && i.state().failure() && nodes.of(i) != NodeState.LOST))
                .map(i -> new Failure(i, i.changedAt() == null ? now : i.changedAt()))
                .sorted(Comparator.comparing(Failure::at).thenComparing(f -> f.instance().id()))
                .toList();
    }

    /** True when some {@code failureBudget} failures fall within one failure window. */
    private boolean budgetSpent(List<Failure> failures) {
        int budget = policy.failureBudget();
        for (int first = 0; first + budget - 1 < failures.size(); first++) {
            Duration span = Duration.between(failures.get(first).at(), failures.get(first + budget - 1).at());
            if (span.compareTo(policy.failureWindow()) <= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * When the next creation may happen after recent failures, or null when it may happen now:
     * the first failure in the window is replaced at once (an instance killed once should be
     * back as fast as it can start); from the second on the wait is the base, doubled per
     * further failure, up to the cap.
     */
    private Instant backoffEnd(List<Failure> failures, Instant now) {
        Instant windowStart = now.minus(policy.failureWindow());
        List<Failure> recent = failures.stream().filter(f -> f.at().isAfter(windowStart)).toList();
        if (recent.size() < 2) {
            return null;
        }
        int doublings = Math.min(recent.size() - 2, 30);
        Duration delay = policy.backoffBase().multipliedBy(1L << doublings);
        if (delay.compareTo(policy.backoffCap()) > 0) {
            delay = policy.backoffCap();
        }
        return recent.get(recent.size() - 1).at().plus(delay);
    }
}
