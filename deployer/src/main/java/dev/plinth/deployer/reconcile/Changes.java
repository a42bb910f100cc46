package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Action.CreateInstance;
import dev.plinth.deployer.reconcile.Action.StopInstance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The instance stops and creations one step decided.
 *
 * @param stops   instances to stop, in the order decided
 * @param creates instances to create, in the order decided
 */
record Changes(List<StopInstance> stops, List<CreateInstance> creates) {

    static final Changes NONE = new Changes(List.of(), List.of());

    Changes {
        stops = List.copyOf(stops);
        creates = List.copyOf(creates);
    }

    /** @return a new instance of the deployment's version that avoids these nodes (sorted, once each) */
    static CreateInstance newInstance(DeploymentView deployment, Collection<String> avoidNodes) {
        return new CreateInstance(deployment.version(), deployment.spec(), new ArrayList<>(new TreeSet<>(avoidNodes)));
    }
}
