package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Action.StopInstance;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule 3 and the words of {@link Reconciler}: stops the wanted instances that are lost, failed or
 * stopped, and sorts the alive ones into keepers and outgoing.
 */
final class Classify {

    private Classify() {
    }

    /**
     * The wanted instances, sorted out.
     *
     * @param stops       stops for the lost (reason {@code node-lost}), failed ({@code unhealthy})
     *                    and stopped ({@code replaced}) ones, in id order
     * @param replacedNow the lost and failed ones, whose replacements avoid their nodes
     * @param alive       the others: they count
     * @param keepers     alive, on the deployment's version, on a node that is not draining
     * @param outgoing    alive and not keepers
     */
    record Classified(List<StopInstance> stops, List<InstanceView> replacedNow, List<InstanceView> alive,
                      List<InstanceView> keepers, List<InstanceView> outgoing) {
    }

    /**
     * @param deployment an active deployment
     * @param all        its instances, sorted by id
     * @param nodes      the nodes' states
     * @return its wanted instances, sorted out
     */
    static Classified wanted(DeploymentView deployment, List<InstanceView> all, NodeStates nodes) {
        List<StopInstance> stops = new ArrayList<>();
        List<InstanceView> replacedNow = new ArrayList<>();
        List<InstanceView> alive = new ArrayList<>();
        for (InstanceView instance : all) {
            if (!instance.wanted()) {
                continue;
            }
            if (nodes.of(instance) == NodeState.LOST) {
                stops.add(new StopInstance(instance.id(), StopReason.NODE_LOST));
                replacedNow.add(instance);
            } else if (instance.state().failure()) {
                stops.add(new StopInstance(instance.id(), StopReason.UNHEALTHY));
                replacedNow.add(instance);
            } else if (instance.state() == ObservedState.STOPPED) {
                stops.add(new StopInstance(instance.id(), StopReason.REPLACED));
            } else {
                alive.add(instance);
            }
        }
        List<InstanceView> keepers = new ArrayList<>();
        List<InstanceView> outgoing = new ArrayList<>();
        for (InstanceView instance : alive) {
            boolean keeper = instance.version().equals(deployment.version()) && nodes.of(instance) != NodeState.DRAINING;
            (keeper ? keepers : outgoing).add(instance);
        }
        return new Classified(List.copyOf(stops), List.copyOf(replacedNow), List.copyOf(alive), List.copyOf(keepers),
                List.copyOf(outgoing));
    }
}
