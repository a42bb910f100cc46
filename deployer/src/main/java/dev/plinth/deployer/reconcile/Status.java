package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Action.MarkStable;
import dev.plinth.deployer.reconcile.Action.SetStatus;
import dev.plinth.deployer.reconcile.Classify.Classified;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Rule 8: the deployment's status and reason, and whether the version has become stable. */
final class Status {

    private final ReconcilePolicy policy;

    Status(ReconcilePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * What the status step decided.
     *
     * @param actions   a {@link SetStatus} when status or reason change, then a {@link MarkStable} when due
     * @param recheckAt when the grace period before DEGRADED runs out, else null
     */
    record Decision(List<Action> actions, Instant recheckAt) {

        Decision {
            actions = List.copyOf(actions);
        }
    }

    /**
     * @param deployment an active deployment
     * @param instances  its wanted instances, sorted out
     * @param budget     what its failures allow
     * @param changes    the stops and creations decided in this pass
     * @param now        the time of the pass
     * @return the status actions
     */
    Decision decide(DeploymentView deployment, Classified instances, FailureBudget.Verdict budget, Changes changes,
                    Instant now) {
        int desired = deployment.instances();
        List<Failure> failures = budget.failures();
        long healthy = instances.alive().stream().filter(i -> i.state() == ObservedState.HEALTHY).count();
        long healthyKeepers = instances.keepers().stream().filter(i -> i.state() == ObservedState.HEALTHY).count();
        boolean done = instances.outgoing().isEmpty() && instances.keepers().size() == desired
                && healthyKeepers == desired;
        boolean onStable = deployment.version().equals(deployment.stableVersion());
        DeploymentStatus current = deployment.status();
        List<Action> actions = new ArrayList<>();
        Instant recheckAt = null;

        DeploymentStatus status;
        String reason = null;
        if (budget.gaveUp()) {
            status = DeploymentStatus.FAILED;
            Failure last = failures.get(failures.size() - 1);
            reason = "version " + deployment.version() + " failed: " + last.instance().describeFailure()
                    + "; gave up after " + policy.failureBudget() + " failures within "
                    + describe(policy.failureWindow());
        } else if (current == DeploymentStatus.FAILED && onStable) {
            // A rollback's FAILED stays while the stable version converges, so people see what failed.
            status = current;
            reason = deployment.reason();
        } else if (done) {
            status = DeploymentStatus.RUNNING;
            if (!onStable || deployment.stableSpec() == null) {
                actions.add(new MarkStable(deployment.version(), deployment.spec()));
            }
        } else if (onStable && (current == DeploymentStatus.RUNNING || current == DeploymentStatus.DEGRADED)) {
            if (healthy >= desired) {
                status = DeploymentStatus.RUNNING;
            } else {
                Instant due = shortfallSince(deployment, instances, failures, changes, now).plus(policy.degradedAfter());
                if (now.isBefore(due)) {
                    status = current;
                    reason = deployment.reason();
                    recheckAt = due;
                } else {
                    status = DeploymentStatus.DEGRADED;
                    reason = healthy + " of " + desired + " instances healthy" + lastFailure(failures, now);
                }
            }
        } else {
            status = healthy == 0 ? DeploymentStatus.PENDING : DeploymentStatus.ROLLING_OUT;
        }
        if (status != current || !Objects.equals(reason, deployment.reason())) {
            actions.add(0, new SetStatus(status, reason));
        }
        return new Decision(actions, recheckAt);
    }

    /**
     * The earliest sign of the current shortfall since the status was written: a failure, an
     * instance that is not healthy yet, or a replacement decided now.
     */
    private static Instant shortfallSince(DeploymentView deployment, Classified instances, List<Failure> failures,
                                          Changes changes, Instant now) {
        Instant since = deployment.statusAt() == null ? now : deployment.statusAt();
        Set<Instant> signs = new LinkedHashSet<>();
        failures.forEach(f -> signs.add(f.at()));
        instances.alive().stream().filter(i -> i.state() != ObservedState.HEALTHY).forEach(i -> {
            if (i.createdAt() != null) {
                signs.add(i.createdAt());
            }
            if (i.stateAt() != null) {
                signs.add(i.stateAt());
            }
        });
        if (!instances.replacedNow().isEmpty() || !changes.creates().isEmpty()) {
            signs.add(now);
        }
        return signs.stream().filter(at -> !at.isBefore(since)).min(Comparator.naturalOrder()).orElse(since);
    }

    private String lastFailure(List<Failure> failures, Instant now) {
        Instant windowStart = now.minus(policy.failureWindow());
        return failures.stream().filter(f -> f.at().isAfter(windowStart)).reduce((a, b) -> b)
                .map(f -> "; last failure: " + f.instance().describeFailure()).orElse("");
    }

    private static String describe(Duration duration) {
        if (duration.toSeconds() % 60 == 0) {
            long minutes = duration.toMinutes();
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        return duration.toSeconds() + " seconds";
    }
}
