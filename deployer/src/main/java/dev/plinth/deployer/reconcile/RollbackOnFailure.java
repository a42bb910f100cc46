package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Action.SetStatus;
import dev.plinth.deployer.reconcile.Action.StopInstance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rule 2: a new version whose instance failed goes back to the stable version, and nothing else
 * happens in that pass.
 */
final class RollbackOnFailure {

    private RollbackOnFailure() {
    }

    /**
     * @param deployment an active deployment
     * @param all        its instances, sorted by id
     * @param nodes      the nodes' states
     * @return the whole plan when the deployment must roll back, else empty
     */
    static Optional<Plan> plan(DeploymentView deployment, List<InstanceView> all, NodeStates nodes) {
        if (!canRollBack(deployment)) {
            return Optional.empty();
        }
        // The earliest failure names the version's fault; later ones may be its consequences.
        Optional<InstanceView> culprit = all.stream()
                .filter(i -> i.wanted() && i.version().equals(deployment.version()) && i.state().failure()
                        && nodes.of(i) != NodeState.LOST)
                .min(Comparator.comparing(InstanceView::changedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(InstanceView::id));
        return culprit.map(failed -> rollBack(deployment, all, failed));
    }

    private static Plan rollBack(DeploymentView deployment, List<InstanceView> all, InstanceView culprit) {
        String reason = "version " + deployment.version() + " failed: " + culprit.describeFailure()
                + "; rolled back to " + deployment.stableVersion();
        List<Action> actions = new ArrayList<>();
        actions.add(new SetStatus(DeploymentStatus.FAILED, reason));
        actions.add(new Action.Rollback(deployment.stableVersion(), deployment.stableSpec(), reason));
        all.stream().filter(i -> i.wanted() && i.version().equals(deployment.version()))
                .forEach(i -> actions.add(new StopInstance(i.id(), StopReason.ROLLBACK)));
        return new Plan(actions, null);
    }

    private static boolean canRollBack(DeploymentView deployment) {
        return deployment.stableVersion() != null && deployment.stableSpec() != null
                && !deployment.version().equals(deployment.stableVersion());
    }
}
