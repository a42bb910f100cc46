package dev.plinth.deployer.reconcile;

import dev.plinth.deployer.reconcile.Action.StopInstance;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rule 6, a rolling step (something outgoing): waits while a keeper starts; once every keeper is
 * healthy, stops the outgoing ones the keepers make surplus, or else surges one new keeper.
 */
final class Rollout {

    private static final Comparator<InstanceView> LEAST_ADVANCED_OLDEST_FIRST =
            Comparator.comparingInt((InstanceView i) -> i.state().progress())
                    .thenComparing(InstanceView::createdAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
                    .thenComparing(InstanceView::id);

    private Rollout() {
    }

    /**
     * @param deployment       an active deployment
     * @param keepers          its keepers
     * @param outgoing         its outgoing instances, at least one
     * @param nodes            the nodes' states
     * @param predecessorNodes from {@link PlacementHints}: a surge avoids the first
     * @param mayCreate        false while backing off or given up
     * @return this step's stops or creation
     */
    static Changes step(DeploymentView deployment, List<InstanceView> keepers, List<InstanceView> outgoing,
                        NodeStates nodes, List<String> predecessorNodes, boolean mayCreate) {
        // Stopping only once every keeper is healthy keeps as many serving as desired throughout.
        if (!keepers.stream().allMatch(i -> i.state() == ObservedState.HEALTHY)) {
            return Changes.NONE;
        }
        int desired = deployment.instances();
        int total = keepers.size() + outgoing.size();
        if (total > desired) {
            List<StopInstance> stops = outgoing.stream()
                    .sorted(LEAST_ADVANCED_OLDEST_FIRST)
                    .limit(Math.min(outgoing.size(), total - desired))
                    .map(i -> new StopInstance(i.id(),
                            i.version().equals(deployment.version()) ? StopReason.DRAIN : StopReason.REPLACED))
                    .toList();
            return new Changes(stops, List.of());
        }
        if (keepers.size() < desired && mayCreate) {
            Set<String> avoid = new TreeSet<>();
            outgoing.stream().filter(i -> nodes.of(i) == NodeState.DRAINING).forEach(i -> avoid.add(i.node()));
            if (!predecessorNodes.isEmpty() && predecessorNodes.get(0) != null) {
                avoid.add(predecessorNodes.get(0));
            }
            return new Changes(List.of(), List.of(Changes.newInstance(deployment, avoid)));
        }
        return Changes.NONE;
    }
}
