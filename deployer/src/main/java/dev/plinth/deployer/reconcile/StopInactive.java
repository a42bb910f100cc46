package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Action.SetStatus;
import dev.plinth.deployer.reconcile.Action.StopInstance;

import java.util.ArrayList;
import java.util.List;

/** Rule 1: an inactive deployment stops every wanted instance and says STOPPED. */
final class StopInactive {

    private StopInactive() {
    }

    /**
     * @param deployment an inactive deployment
     * @param all        its instances, sorted by id
     * @return the whole plan for it
     */
    static Plan plan(DeploymentView deployment, List<InstanceView> all) {
        List<Action> actions = new ArrayList<>();
        if (deployment.status() != DeploymentStatus.STOPPED || deployment.reason() != null) {
            actions.add(new SetStatus(DeploymentStatus.STOPPED, null));
        }
        all.stream().filter(InstanceView::wanted).forEach(i -> actions.add(new StopInstance(i.id(), StopReason.STOPPED)));
        return new Plan(actions, null);
    }
}
